using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rollout.Storage;

namespace Rollout.Orders;

/// <summary>
/// The first answer to a write a client may retry, by its Idempotency-Key: the same key and body gets that answer
/// again; the same key with another body is refused. Keys are scoped by the write they were sent to.
/// </summary>
public sealed class IdempotentRequest
{
    private IdempotentRequest()
    {
    }

    public string Key { get; private set; } = "";

    public string RequestHash { get; private set; } = "";

    /// <summary>The first successful answer, as JSON; null while the first request is running.</summary>
    public string? Response { get; private set; }

    public Instant CreatedAt { get; private set; }
}

/// <summary>
/// Stripe-style idempotent writes. The key is claimed with one insert that only one racer can win; the winner runs the
/// write and stores its answer; a retry with the same key and body gets that answer, with another body a 422. A
/// refusal is not remembered (once stock comes back, the same key may succeed), and a claim abandoned by a crashed
/// request is taken over after a minute.
/// </summary>
public static class Idempotency
{
    private static readonly Duration Abandoned = Duration.FromMinutes(1);

    /// <summary>Runs <paramref name="write"/> once per key. <paramref name="scope"/> names the write (and its target).</summary>
    public static async Task<Result<T>> Run<T>(RolloutDb db, string scope, string? key, object request, Instant now, Func<string, Task<Result<T>>> write, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > 100)
        {
            return Error.Invalid("Idempotency-Key", "idempotency.key", "Send an Idempotency-Key header (1-100 characters), the same on every retry of this request.");
        }

        var scoped = $"{scope}:{key}";
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request))));
        IdempotentRequest? seen = null;
        var claimed = false;
        for (var attempt = 0; attempt < 3 && seen is null && !claimed; attempt++)
        {
            claimed = await db.Database.ExecuteSqlInterpolatedAsync(
                $"""INSERT INTO idempotent_requests ("Key", "RequestHash", "Response", "CreatedAt") VALUES ({scoped}, {hash}, NULL, {now.ToDateTimeUtc()}) ON CONFLICT ("Key") DO NOTHING""",
                ct) == 1;
            if (!claimed)
            {
                // Taken; but the first attempt may have been refused and forgotten since, so the key may be free again.
                seen = await db.IdempotentRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Key == scoped, ct);
            }
        }

        if (!claimed && seen is null)
        {
            return Error.Conflict("idempotency.in_progress", "Requests with this Idempotency-Key are racing; retry in a moment.");
        }

        if (seen is not null)
        {
            if (seen.RequestHash != hash)
            {
                return new Error(ErrorKind.Unprocessable, "idempotency.mismatch", "This Idempotency-Key was first used with another request; use a new key for a new request.", new Dictionary<string, string[]>());
            }

            if (seen.Response is { } first)
            {
                return JsonSerializer.Deserialize<T>(first)!;
            }

            var cutoff = now - Abandoned;
            var takenOver = await db.IdempotentRequests.Where(r => r.Key == scoped && r.Response == null && r.CreatedAt < cutoff)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.CreatedAt, now), ct);
            if (takenOver == 0)
            {
                return Error.Conflict("idempotency.in_progress", "The first request with this Idempotency-Key is still being processed; retry in a moment.");
            }
        }

        var result = await write(scoped);
        if (result.IsSuccess)
        {
            await Complete(db, scoped, result.Value, ct);
        }
        else
        {
            await db.IdempotentRequests.Where(r => r.Key == scoped && r.Response == null).ExecuteDeleteAsync(ct);
        }

        return result;
    }

    /// <summary>
    /// Stores the answer under the claimed key. A write that has a transaction of its own calls this inside it, so the
    /// answer and the write commit together; <see cref="Run{T}"/> calls it again after, which changes nothing.
    /// </summary>
    public static Task<int> Complete<T>(RolloutDb db, string scopedKey, T response, CancellationToken ct)
    {
        var json = JsonSerializer.Serialize(response);
        return db.IdempotentRequests.Where(r => r.Key == scopedKey && r.Response == null).ExecuteUpdateAsync(s => s.SetProperty(r => r.Response, json), ct);
    }

    /// <summary>Deletes claims and answers older than a day: a client retries within minutes, not days.</summary>
    public static Task<int> Prune(RolloutDb db, Instant now, CancellationToken ct)
    {
        var cutoff = now - Duration.FromDays(1);
        return db.IdempotentRequests.Where(r => r.CreatedAt < cutoff).ExecuteDeleteAsync(ct);
    }
}
