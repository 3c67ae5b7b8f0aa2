using Microsoft.EntityFrameworkCore;
using Rollout.Channels;
using Rollout.Markets;
using Rollout.Storage;

namespace Rollout.Catalog;

public sealed record ImportSummary(int Markets, int Channels, int Products, int Variants, int Certifications, int Listings);

/// <summary>
/// Reads a catalog file and applies it in one transaction through the same use cases the API calls, so every
/// rule holds alike. Entries are created or changed, never deleted. Any broken rule, anywhere in the file,
/// leaves the database untouched; each error names its path and line.
/// </summary>
public static class ImportCatalog
{
    public static async Task<Result<ImportSummary>> Handle(string json, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var read = ImportFile.Read<CatalogDocument>(json, CatalogDocument.CurrentFormat, d => d.Format);
        if (!read.IsSuccess)
        {
            return read.Error;
        }

        var (document, file) = read.Value;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (db.Database.IsNpgsql())
        {
            // One import at a time: two files creating the same product would otherwise clash mid-transaction.
            // (SQLite's write transaction already serialises writers.)
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(7001)", ct);
        }

        var run = new Run(db, clock, file, ct);
        await run.Apply(document);
        if (file.Errors.ToError() is { } error)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return error with { Code = "catalog.invalid" };
        }

        await transaction.CommitAsync(ct);
        return run.Summary;
    }

    /// <summary>One import: the steps taken, what they counted, and every error under its path.</summary>
    private sealed class Run(RolloutDb db, TimeProvider clock, ImportFile file, CancellationToken ct)
    {
        private int markets;
        private int channels;
        private int products;
        private int variants;
        private int certifications;
        private int listings;

        public ImportSummary Summary => new(markets, channels, products, variants, certifications, listings);

        public async Task Apply(CatalogDocument document)
        {
            foreach (var (entry, i) in ImportFile.Indexed(document.Markets))
            {
                await Market(entry, $"markets[{i}]");
            }

            foreach (var (entry, i) in ImportFile.Indexed(document.Channels))
            {
                await Channel(entry, $"channels[{i}]");
            }

            foreach (var (entry, i) in ImportFile.Indexed(document.Products))
            {
                await Product(entry, $"products[{i}]");
            }
        }

        private async Task Market(CreateMarketRequest entry, string path)
        {
            var exists = (await GetMarkets.Find(entry.Code, db, ct)).IsSuccess;
            var saved = exists
                ? await ChangeMarket.Handle(entry.Code!, entry.Fields, db, clock, ct)
                : await CreateMarket.Handle(entry with { OpensAt = null }, db, clock, ct);
            if (file.Count(path, saved, ref markets) && entry.OpensAt is not null)
            {
                await Opening(entry, path);
            }
        }

        /// <summary>
        /// A file may record an opening in the past (a backup, the demo): that is history, not a typo. A yearly
        /// date ("--05-22T10:00") names the next opening, so once the market has opened it is left alone.
        /// </summary>
        private async Task Opening(CreateMarketRequest entry, string path)
        {
            var market = (await GetMarkets.Find(entry.Code, db, ct)).Value;
            var now = clock.Now();
            if (entry.OpensAt!.StartsWith("--", StringComparison.Ordinal) && market.StatusAt(now) != MarketStatus.Planned)
            {
                return;
            }

            var opensAt = WallClock.ToInstant(entry.OpensAt, market.Zone, now);
            if (!opensAt.IsSuccess)
            {
                file.Report(path, opensAt.Error.AtField("opensAt"));
                return;
            }

            if (market.OpensAt == opensAt.Value)
            {
                return;
            }

            var recorded = market.RecordPastOpening(opensAt.Value, now);
            var saved = recorded.IsSuccess ? await db.TrySave(ct) : null;
            var error = recorded.IsSuccess ? saved : recorded.Error;
            if (error is not null)
            {
                file.Report(path, Error.Invalid("opensAt", error.Code, error.Message));
            }
        }

        private async Task Channel(CreateChannelRequest entry, string path)
        {
            var existing = await GetChannels.Find(entry.Code, db, ct);
            var kind = ChannelResponses.ParseKind(entry.Kind);
            if (existing.IsSuccess && kind.IsSuccess && existing.Value.Kind != kind.Value)
            {
                file.Report(path, Error.Invalid("kind", "channel.kind_fixed", $"Channel '{entry.Code}' is a {ChannelResponses.KindName(existing.Value.Kind)}; a channel's kind cannot change."));
                return;
            }

            var saved = existing.IsSuccess
                ? await ChangeChannel.Handle(entry.Code!, entry.Fields, db, ct)
                : await CreateChannel.Handle(entry, db, ct);
            file.Count(path, saved, ref channels);
        }

        private async Task Product(ProductEntry entry, string path)
        {
            var exists = (await GetProducts.Find(entry.Code, db, ct)).IsSuccess;
            var saved = exists
                ? await ChangeProduct.Handle(entry.Code!, entry.Request.Fields, db, ct)
                : await CreateProduct.Handle(entry.Request, db, ct);
            if (!file.Count(path, saved, ref products))
            {
                return; // Its variants would only repeat that the product is missing.
            }

            foreach (var (variant, i) in ImportFile.Indexed(entry.Variants))
            {
                await Variant(entry.Code!, variant, $"{path}.variants[{i}]");
            }
        }

        private async Task Variant(string product, VariantEntry entry, string path)
        {
            var existing = await GetProducts.FindVariant(entry.Sku, db, ct);
            if (existing.IsSuccess && existing.Value.ProductCode.Value != product)
            {
                file.Report(path, Error.Invalid("sku", "variant.other_product", $"SKU {entry.Sku} belongs to product '{existing.Value.ProductCode}'."));
                return;
            }

            var saved = existing.IsSuccess
                ? await ChangeVariant.Handle(entry.Sku!, entry.Request.Fields, db, ct)
                : await AddVariant.Handle(product, entry.Request, db, ct);
            if (!file.Count(path, saved, ref variants))
            {
                return;
            }

            foreach (var (certification, i) in ImportFile.Indexed(entry.Certifications))
            {
                file.Count($"{path}.certifications[{i}]", await CertifyVariant.Handle(entry.Sku!, certification, db, ct), ref certifications);
            }

            foreach (var (listing, i) in ImportFile.Indexed(entry.Listings))
            {
                await Listing(entry.Sku!, listing, $"{path}.listings[{i}]");
            }
        }

        private async Task Listing(string sku, ListingEntry entry, string path)
        {
            if (entry.Channels is not { Length: > 0 } named)
            {
                file.Report(path, Error.Invalid("channels", "listing.channels", "Name at least one channel to list in."));
                return;
            }

            foreach (var (channel, i) in ImportFile.Indexed(named))
            {
                var listed = await ListVariant.Handle(new ListVariantRequest(sku, entry.Market, channel, entry.OpensAt, entry.ClosesAt), db, clock, ct);
                file.Count(path, listed.IsSuccess ? listed : listed.Error.Rename("channel", $"channels[{i}]"), ref listings);
            }
        }
    }
}
