using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Rollout.Catalog;
using Rollout.Markets;

namespace Rollout.Storage;

// Domain primitives are stored as their plain text; instants as UTC DateTime, which SQLite and PostgreSQL
// both compare and sort correctly (see docs/decisions/0002-storage.md).

internal sealed class InstantConverter() : ValueConverter<Instant, DateTime>(
    instant => instant.ToDateTimeUtc(),
    utc => Instant.FromDateTimeUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

internal sealed class CountryCodeConverter() : ValueConverter<CountryCode, string>(
    code => code.Value, text => CountryCode.Parse(text).Value);

internal sealed class CurrencyCodeConverter() : ValueConverter<CurrencyCode, string>(
    code => code.Value, text => CurrencyCode.Parse(text).Value);

internal sealed class VatRateConverter() : ValueConverter<VatRate, decimal>(
    rate => rate.Value, value => VatRate.Parse(value).Value);

internal sealed class RegimeConverter() : ValueConverter<CertificationRegime, string>(
    regime => regime.Value, text => CertificationRegime.Parse(text).Value);

internal sealed class SlugConverter() : ValueConverter<Slug, string>(
    slug => slug.Value, text => Slug.Parse(text).Value);

internal sealed class SkuConverter() : ValueConverter<Sku, string>(
    sku => sku.Value, text => Sku.Parse(text).Value);

internal sealed class GtinConverter() : ValueConverter<Gtin, string>(
    gtin => gtin.Value, text => Gtin.Parse(text).Value);

internal sealed class LocalDateConverter() : ValueConverter<LocalDate, DateOnly>(
    date => date.ToDateOnly(), value => LocalDate.FromDateOnly(value));

internal sealed class LocalTimeConverter() : ValueConverter<LocalTime, string>(
    time => time.ToString("HH':'mm", System.Globalization.CultureInfo.InvariantCulture),
    text => NodaTime.Text.LocalTimePattern.CreateWithInvariantCulture("HH':'mm").Parse(text).Value);
