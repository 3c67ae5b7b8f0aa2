using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Rollout.Cli;

namespace Rollout.Audit;

/// <summary><c>rollout audit export</c>: the audit log, oldest first, as JSON Lines on standard output, streamed.</summary>
public static class AuditCommands
{
    public static Command Create()
    {
        var actor = new Option<string?>("--actor") { Description = "Only this member of staff (e-mail)." };
        var action = new Option<string?>("--action") { Description = "Only this action (price.changed), or every action of a kind (price.)." };
        var subject = new Option<string?>("--subject") { Description = "Only this subject." };
        var from = new Option<string?>("--from") { Description = "From this day (UTC, yyyy-MM-dd)." };
        var until = new Option<string?>("--until") { Description = "Up to this day (UTC, yyyy-MM-dd), whole." };

        var export = new Command("export", "Writes the audit log as JSON Lines (one entry a line: id, at, actor, action, subject, before, after), oldest first.") { actor, action, subject, from, until };
        export.SetAction((parse, ct) =>
        {
            var first = Day(parse.GetValue(from), "--from");
            var last = Day(parse.GetValue(until), "--until");
            if (first is { IsSuccess: false } badFirst)
            {
                return Task.FromResult(CliHost.Fail(badFirst.Error));
            }

            if (last is { IsSuccess: false } badLast)
            {
                return Task.FromResult(CliHost.Fail(badLast.Error));
            }

            var filter = new AuditFilter(parse.GetValue(actor), parse.GetValue(action), parse.GetValue(subject),
                first?.Value.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant(), last?.Value.PlusDays(1).AtStartOfDayInZone(DateTimeZone.Utc).ToInstant());
            return CliHost.Run(parse, (services, ct) => Export(filter, services.GetRequiredService<RolloutDb>(), ct), ct);
        });

        return new Command("audit", "The audit log of staff actions.") { export };
    }

    private static async Task<int> Export(AuditFilter filter, RolloutDb db, CancellationToken ct)
    {
        await using var output = Console.OpenStandardOutput();
        var newline = "\n"u8.ToArray();
        await foreach (var entry in ReadAudit.Stream(filter, db).WithCancellation(ct))
        {
            await JsonSerializer.SerializeAsync(output, entry, JsonSerializerOptions.Web, ct);
            await output.WriteAsync(newline, ct);
        }

        return 0;
    }

    private static Result<LocalDate>? Day(string? text, string option)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var parsed = NodaTime.Text.LocalDatePattern.Iso.Parse(text.Trim());
        return parsed.Success
            ? parsed.Value
            : Error.Invalid(option, "audit.day", string.Create(CultureInfo.InvariantCulture, $"'{text}' is not a day such as 2027-05-22."));
    }
}
