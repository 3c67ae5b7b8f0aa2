using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using MimeKit;
using Rollout.Storage;

namespace Rollout.Mail;

/// <summary>
/// An e-mail waiting to go out. It is written in the same transaction as what it tells (an order placed, shipped), so
/// a committed order always gets its e-mail and a rolled-back one never does; a dispatcher sends it afterwards.
/// </summary>
public sealed class OutboxMessage
{
    private OutboxMessage()
    {
    }

    public long Id { get; private set; }

    public string To { get; private set; } = "";

    public string Subject { get; private set; } = "";

    public string Body { get; private set; } = "";

    /// <summary>What the message is about (an order number), for staff looking for it.</summary>
    public string Topic { get; private set; } = "";

    public Instant CreatedAt { get; private set; }

    public Instant? SentAt { get; private set; }

    /// <summary>A dispatcher holding the message until then; another one leaves it alone.</summary>
    public Instant? ClaimedUntil { get; private set; }

    public int Attempts { get; private set; }

    public string? LastError { get; private set; }

    /// <summary>Adds the message to the outbox within <paramref name="batch"/>'s transaction.</summary>
    public Task Enqueue(Batch batch) =>
        batch.Later("""INSERT INTO outbox_messages ("To", "Subject", "Body", "Topic", "CreatedAt", "Attempts") VALUES (@p0, @p1, @p2, @p3, @p4, 0)""", To, Subject, Body, Topic, CreatedAt);

    public static OutboxMessage Write(string to, string subject, string body, string topic, Instant now) =>
        new() { To = to, Subject = subject, Body = body, Topic = topic, CreatedAt = now };
}

/// <summary>
/// Where mail goes: an SMTP server when <c>Rollout:Mail:Smtp:Host</c> is set, else .eml files in a pickup folder.
/// The SMTP connection must be encrypted (<see cref="RequireTls"/>, <c>Rollout:Mail:Smtp:RequireTls</c>, true unless
/// set to false): TLS from the start on port 465, STARTTLS on any other port, and a server that offers neither gets
/// no message and no password.
/// </summary>
public sealed record MailOptions(string Sender, string? SmtpHost, int SmtpPort, string? SmtpUser, string? SmtpPassword, string PickupFolder, bool RequireTls = true)
{
    public const string RequireTlsKey = "Rollout:Mail:Smtp:RequireTls";

    public static MailOptions Read(IConfiguration configuration) => new(
        configuration["Rollout:Mail:From"] ?? "Rollout shop <shop@rollout.localhost>",
        configuration["Rollout:Mail:Smtp:Host"] is { Length: > 0 } host ? host : null,
        int.TryParse(configuration["Rollout:Mail:Smtp:Port"], out var port) ? port : 587,
        configuration["Rollout:Mail:Smtp:User"],
        configuration["Rollout:Mail:Smtp:Password"],
        configuration["Rollout:Mail:PickupFolder"] ?? Path.Combine(StorageOptions.DataFolder(configuration), "mail"),
        configuration[RequireTlsKey] is not { Length: > 0 } requireTls || (bool.TryParse(requireTls, out var required)
            ? required
            : throw new InvalidOperationException($"{RequireTlsKey} is '{requireTls}'; use true (the default) or false.")));

    /// <summary>Whether mail goes by SMTP that may be unencrypted: the server should say so in its log.</summary>
    public bool PlainSmtpAllowed => SmtpHost is not null && !RequireTls;

    /// <summary>How the connection is secured: required TLS (implicit on 465, STARTTLS elsewhere), or whatever the server offers.</summary>
    public SecureSocketOptions SocketSecurity => !RequireTls ? SecureSocketOptions.Auto
        : SmtpPort == 465 ? SecureSocketOptions.SslOnConnect
        : SecureSocketOptions.StartTls;

    public string Describe() => SmtpHost is null ? $"pickup folder {Path.GetFullPath(PickupFolder)}"
        : $"SMTP {SmtpHost}:{SmtpPort} ({(RequireTls ? "TLS required" : "TLS if offered")})";
}

/// <summary>Sends what the outbox holds, each message by one dispatcher at a time, at least once, retrying failures.</summary>
public static class DeliverOutbox
{
    private static readonly Duration Claim = Duration.FromMinutes(2);

    /// <summary>
    /// Sends up to <paramref name="batch"/> waiting messages; returns how many went out. They are claimed together by
    /// one statement and marked sent together by another, so a busy outbox costs the database two writes a round,
    /// not two a message.
    /// </summary>
    public static async Task<int> Handle(RolloutDb db, MailOptions options, TimeProvider clock, CancellationToken ct, int batch = 200)
    {
        var now = clock.Now();
        var until = now + Claim;
        var waiting = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.SentAt == null && m.Attempts < 10 && (m.ClaimedUntil == null || m.ClaimedUntil < now))
            .OrderBy(m => m.Id).Take(batch).ToListAsync(ct);
        var ids = waiting.Select(m => m.Id).ToList();
        if (ids.Count == 0)
        {
            return 0;
        }

        // Claimed for two minutes (a second dispatcher skips them); a message claimed meanwhile by another is left to it.
        var claimed = await db.OutboxMessages.Where(m => ids.Contains(m.Id) && m.SentAt == null && (m.ClaimedUntil == null || m.ClaimedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedUntil, until).SetProperty(m => m.Attempts, m => m.Attempts + 1), ct);
        if (claimed != ids.Count)
        {
            var mine = await db.OutboxMessages.AsNoTracking().Where(m => ids.Contains(m.Id) && m.ClaimedUntil == until).Select(m => m.Id).ToListAsync(ct);
            waiting = [.. waiting.Where(m => mine.Contains(m.Id))];
        }

        var sent = new List<long>();
        SmtpClient? smtp = null;
        try
        {
            foreach (var message in waiting)
            {
                try
                {
                    var mime = ToMime(message, options);
                    if (options.SmtpHost is null)
                    {
                        // Written aside and then renamed, so whoever reads the folder never sees half a message;
                        // owner-only, as they hold customers' names and addresses.
                        PrivateFiles.Folder(options.PickupFolder);
                        var file = Path.Combine(options.PickupFolder, $"{message.Id:D8}-{message.Topic}.eml");
                        File.Delete(file + ".part"); // Left by a try that failed half-way.
                        await using (var part = new FileStream(file + ".part", PrivateFiles.NewFile()))
                        {
                            await mime.WriteToAsync(part, ct);
                        }

                        File.Move(file + ".part", file, overwrite: true);
                    }
                    else
                    {
                        smtp ??= await Connect(options, ct);
                        await smtp.SendAsync(mime, ct);
                    }

                    sent.Add(message.Id);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    // Any failure (a refused address, an untrusted certificate, a full disk) is kept on the message,
                    // which is tried again later (up to ten times); it never stops the dispatcher.
                    smtp?.Dispose();
                    smtp = null;
                    var error = e.Message.Length > 500 ? e.Message[..500] : e.Message;
                    await db.OutboxMessages.Where(m => m.Id == message.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.LastError, error), ct);
                }
            }
        }
        finally
        {
            if (sent.Count > 0)
            {
                var at = clock.Now();
                await db.OutboxMessages.Where(m => sent.Contains(m.Id)).ExecuteUpdateAsync(s => s.SetProperty(m => m.SentAt, at).SetProperty(m => m.LastError, (string?)null), CancellationToken.None);
            }

            if (smtp is not null)
            {
                if (smtp.IsConnected)
                {
                    await smtp.DisconnectAsync(quit: true, CancellationToken.None);
                }

                smtp.Dispose();
            }
        }

        return sent.Count;
    }

    private static MimeMessage ToMime(OutboxMessage message, MailOptions options)
    {
        var mime = new MimeMessage { Subject = message.Subject, Body = new TextPart("plain") { Text = message.Body } };
        mime.From.Add(MailboxAddress.Parse(options.Sender));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.MessageId = $"outbox-{message.Id}@rollout.localhost";
        mime.Date = message.CreatedAt.ToDateTimeOffset();
        return mime;
    }

    private static async Task<SmtpClient> Connect(MailOptions options, CancellationToken ct)
    {
        var smtp = new SmtpClient();
        await smtp.ConnectAsync(options.SmtpHost!, options.SmtpPort, options.SocketSecurity, ct);
        if (!string.IsNullOrEmpty(options.SmtpUser))
        {
            await smtp.AuthenticateAsync(options.SmtpUser, options.SmtpPassword ?? "", ct);
        }

        return smtp;
    }
}
