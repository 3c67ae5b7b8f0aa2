using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rollout.Storage;

namespace Rollout.Orders;

/// <summary>
/// The first answer to a write a client may retry, by its Idempotency-Key: the same key and body gets that answer
/// again; the same key with another body is refused. Keys are scoped by the write they were sent to and by the caller
/// who sent them, so no one else can replay a caller's answer or squat on a key it will use.
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

    /// <summary>The request now running under the key; only it may store the answer or give the key up.</summary>
    public string Owner { get; private set; } = "";

    public Instant CreatedAt { get; private set; }
}

/// <summary>A key claimed by one request: its write stores the answer through it, inside the write's own transaction.</summary>
public sealed class IdempotencyClaim(RolloutDb db, string key, string owner)
{
    public string Key => key;

    /// <summary>
    /// Stores the answer if this request still owns the key; false when another request has taken it over (the
    /// write must then roll back, or it would happen twice).
    /// </summary>
    public Task<bool> Complete<T>(T response, CancellationToken ct) => Complete(new Batch(db), response);

    /// <summary>
    /// Stores the answer within <paramref name="batch"/>'s transaction (a group commit's). Nothing is remembered here:
    /// a write run again (its batch failed) stores it again. Called once more after the answer is stored, it says false.
    /// </summary>
    public async Task<bool> Complete<T>(Batch batch, T response) =>
        await batch.Execute("""UPDATE idempotent_requests SET "Response" = @p2 WHERE "Key" = @p0 AND "Owner" = @p1 AND "Response" IS NULL""",
            key, owner, JsonSerializer.Serialize(response)) == 1;

    /// <summary>The error to return when <c>Complete</c> says the key was taken over.</summary>
    public static Error TakenOver => Error.Conflict("idempotency.taken_over", "A retry with this Idempotency-Key took over while this request was slow; its answer counts, this one is undone.");

    internal Task Release(CancellationToken ct) =>
        db.IdempotentRequests.Where(r => r.Key == key && r.Owner == owner && r.Response == null).ExecuteDeleteAsync(ct);
}

/// <summary>
/// The one store of answers to retried writes (<c>idempotent_requests</c>) and its one API; nothing else reads or
/// writes that table. Two ways in: <see cref="Run{T}"/> for a write that may race its own retry on another request
/// (checkout, orders: a claim row decides), and <see cref="Remember"/> / <see cref="Recall"/> for a write already
/// serialised by its cart's lock (cart lines), which stores its answer in the write's own group-commit batch. Both
/// use the same keys (<see cref="CheckKey"/>), the same scoping, the same request hash and the same replay rules
/// (<see cref="Replay{T}"/>). A flash-sale claim's key is the claim row's own unique key (decision 11): the won claim
/// is the answer, so the hot path writes one row, not two; it follows the same key rules.
///
/// Stripe-style idempotent writes. The key is claimed with one insert that only one racer can win; the winner runs the
/// write and stores its answer; a retry with the same key and body gets that answer, with another body a 422. A
/// refusal is not remembered (once stock comes back, the same key may succeed), and a claim abandoned by a crashed
/// request (its server killed, say) is taken over after ten seconds, so a client retrying on another server is answered
/// soon. Each claim has an owner: only the request that holds the key may store its
/// answer, and a write whose key was taken over meanwhile rolls back, so a slow first request and its retry never
/// both take effect.
/// </summary>
public static class Idempotency
{
    /// <summary>
    /// How long a key's first request may run before a retry takes it over. Safe at any length (the slow request's write
    /// then rolls back); short, because a server killed under a request leaves its key claimed until then.
    /// </summary>
    private static readonly Duration Abandoned = Duration.FromSeconds(10);

    /// <summary>
    /// Runs <paramref name="write"/> once per key of <paramref name="caller"/> (see <see cref="Caller"/>).
    /// <paramref name="scope"/> names the write (and its target). A write with a transaction calls
    /// <c>IdempotencyClaim.Complete</c> inside it; for one without, the answer is stored after it succeeds.
    /// </summary>
    public static async Task<Result<T>> Run<T>(RolloutDb db, string scope, string caller, string? key, object request, Instant now, Func<IdempotencyClaim, Task<Result<T>>> write, CancellationToken ct)
    {
        if (CheckKey(key) is { } missing)
        {
            return missing;
        }

        var scoped = $"{scope}:{caller}:{key}";
        var owner = Guid.NewGuid().ToString("N");
        var hash = Hash(request);
        IdempotentRequest? seen = null;
        var claimed = false;
        for (var attempt = 0; attempt < 3 && seen is null && !claimed; attempt++)
        {
            claimed = await db.Database.ExecuteSqlInterpolatedAsync(
                $"""INSERT INTO idempotent_requests ("Key", "RequestHash", "Response", "Owner", "CreatedAt") VALUES ({scoped}, {hash}, NULL, {owner}, {now.ToDateTimeUtc()}) ON CONFLICT ("Key") DO NOTHING""",
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
            if (seen.RequestHash != hash || seen.Response is not null)
            {
                return Replay<T>(seen.RequestHash, seen.Response, hash);
            }

            var cutoff = now - Abandoned;
            var takenOver = await db.IdempotentRequests.Where(r => r.Key == scoped && r.Response == null && r.CreatedAt < cutoff)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.CreatedAt, now).SetProperty(r => r.Owner, owner), ct);
            if (takenOver == 0)
            {
                return Error.Conflict("idempotency.in_progress", "The first request with this Idempotency-Key is still being processed; retry in a moment.");
            }
        }

        var claim = new IdempotencyClaim(db, scoped, owner);
        Result<T> result;
        try
        {
            result = await write(claim);
        }
        catch
        {
            await claim.Release(CancellationToken.None); // The write failed without an answer: a retry may run it.
            throw;
        }

        if (result.IsSuccess)
        {
            await claim.Complete(result.Value, CancellationToken.None);
        }
        else
        {
            await claim.Release(CancellationToken.None);
        }

        return result;
    }

    /// <summary>
    /// Whose keys these are: an account's (a customer or a member of staff, by id or e-mail), a partner's, or, for a
    /// guest who has no account, the request itself (only someone who sends the very same order, e-mail and address
    /// included, gets its answer back; a guest cannot be refused for another's key).
    /// </summary>
    public static string Caller(string? account, object request) => account is { Length: > 0 } ? $"by:{account}" : $"guest:{Hash(request)}";

    /// <summary>
    /// The stored answer for a retry: the first answer when the request is the same, a 422 when the key answered
    /// another request. <paramref name="response"/> is null only for a key whose first request is still running.
    /// </summary>
    public static Result<T> Replay<T>(string storedHash, string? response, string hash)
    {
        if (storedHash != hash)
        {
            return Mismatch;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(response!)!;
        }
        catch (JsonException)
        {
            return Error.Conflict("idempotency.unreadable", "The first answer to this Idempotency-Key was stored by an older version and cannot be replayed; look the result up instead (GET it).");
        }
    }

    /// <summary>
    /// Stores the answer to a write serialised by its own lock (a cart's), in the write's batch, so it is durable with
    /// the write it answers. Nobody else can be running the same key, so there is no claim and no owner.
    /// </summary>
    public static Task Remember(Batch batch, string scoped, string hash, string response, Instant now) =>
        batch.Later("""INSERT INTO idempotent_requests ("Key", "RequestHash", "Response", "Owner", "CreatedAt") VALUES (@p0, @p1, @p2, '', @p3)""", scoped, hash, response, now);

    /// <summary>A stored answer by its scoped key (the primary key), with the hash of the request it answered; null when none.</summary>
    public static async Task<(string RequestHash, string Response)?> Recall(RolloutDb db, string scoped, CancellationToken ct) =>
        await db.IdempotentRequests.AsNoTracking().Where(r => r.Key == scoped && r.Response != null)
            .Select(r => new { r.RequestHash, r.Response }).FirstOrDefaultAsync(ct) is { } stored
            ? (stored.RequestHash, stored.Response!)
            : null;

    /// <summary>The same key with another request: a 422.</summary>
    public static Error Mismatch =>
        new(ErrorKind.Unprocessable, "idempotency.mismatch", "This Idempotency-Key was first used with another request; use a new key for a new request.", new Dictionary<string, string[]>());

    /// <summary>Why a key cannot be used (none sent, or too long); null when it can.</summary>
    public static Error? CheckKey(string? key) => string.IsNullOrWhiteSpace(key) || key.Length > 100
        ? Error.Invalid("Idempotency-Key", "idempotency.key", "Send an Idempotency-Key header (1-100 characters), the same on every retry of this request.")
        : null;

    /// <summary>What tells two requests under one key apart: the hash of the request's JSON.</summary>
    public static string Hash(object request) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request))));

    /// <summary>Deletes claims and answers older than a day: a client retries within minutes, not days.</summary>
    public static Task<int> Prune(RolloutDb db, Instant now, CancellationToken ct)
    {
        var cutoff = now - Duration.FromDays(1);
        return db.IdempotentRequests.Where(r => r.CreatedAt < cutoff).ExecuteDeleteAsync(ct);
    }
}
