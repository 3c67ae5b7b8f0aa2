using System.Collections.Concurrent;
using MailKit.Security;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rollout.Mail;
using Rollout.Storage;

namespace Rollout.Tests.Security;

/// <summary>
/// Issue 14: e-mail goes to the SMTP server over TLS unless <c>Rollout:Mail:Smtp:RequireTls</c> is false, and then
/// the log says so. The server here offers no STARTTLS, so a message (or a password) reaching it went in clear.
/// </summary>
public sealed class SmtpTlsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Sent(string? LastError, bool Delivered);

    /// <summary>A server mailing through <paramref name="smtp"/> with these settings, one message in its outbox, and what became of it.</summary>
    private static async Task<(Sent Outcome, IReadOnlyCollection<string> Warnings)> Mail(FakeSmtpServer smtp, Dictionary<string, string> settings)
    {
        settings["Rollout:Mail:Smtp:Host"] = "127.0.0.1";
        settings["Rollout:Mail:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Rollout:Mail:Smtp:User"] = "shop";
        settings["Rollout:Mail:Smtp:Password"] = "smtp-password-123";
        var logs = new WarningLog();
        await using var database = await TestDatabase.Create(StorageProvider.Sqlite);
        await using var server = RolloutApp.Start(database, loadDemo: false, settings: settings);
        await using var app = server.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<ILoggerProvider>(logs)));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RolloutDb>();
            db.OutboxMessages.Add(OutboxMessage.Write("ana@example.es", "Pedido recibido", "Gracias por tu pedido.", "order-1", NodaTime.Instant.FromDateTimeOffset(server.Clock.GetUtcNow())));
            await db.SaveChangesAsync(Ct);
        }

        // The dispatcher tries every two seconds: wait for its first try to leave a trace.
        for (var i = 0; i < 150; i++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var message = await scope.ServiceProvider.GetRequiredService<RolloutDb>().OutboxMessages.AsNoTracking().SingleAsync(Ct);
            if (message.SentAt is not null || message.LastError is not null)
            {
                return (new Sent(message.LastError, message.SentAt is not null), logs.Warnings);
            }

            await Task.Delay(100, Ct);
        }

        throw new Xunit.Sdk.XunitException("The outbox was never tried.");
    }

    [Fact]
    public async Task By_default_a_server_without_TLS_gets_neither_the_message_nor_the_password()
    {
        await using var smtp = new FakeSmtpServer();

        var (outcome, warnings) = await Mail(smtp, []);

        Assert.False(outcome.Delivered);
        Assert.Contains("STARTTLS", outcome.LastError, StringComparison.Ordinal);
        Assert.Contains(smtp.Commands, c => c.StartsWith("EHLO", StringComparison.Ordinal)); // it did connect
        Assert.DoesNotContain(smtp.Commands, c => c.StartsWith("AUTH", StringComparison.Ordinal) || c.StartsWith("MAIL", StringComparison.Ordinal));
        Assert.Empty(smtp.Messages);
        Assert.DoesNotContain(warnings, w => w.Contains(MailOptions.RequireTlsKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Turned_off_explicitly_mail_goes_in_clear_and_the_log_warns()
    {
        await using var smtp = new FakeSmtpServer();

        var (outcome, warnings) = await Mail(smtp, new() { [MailOptions.RequireTlsKey] = "false" });

        Assert.True(outcome.Delivered);
        Assert.Contains("Gracias por tu pedido.", Assert.Single(smtp.Messages), StringComparison.Ordinal);
        Assert.Contains(warnings, w => w.Contains($"{MailOptions.RequireTlsKey} is false", StringComparison.Ordinal) && w.Contains("unencrypted", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, 587, SecureSocketOptions.StartTls)]
    [InlineData(null, 465, SecureSocketOptions.SslOnConnect)]
    [InlineData("true", 25, SecureSocketOptions.StartTls)]
    [InlineData("false", 587, SecureSocketOptions.Auto)]
    public void TLS_is_implicit_on_port_465_and_STARTTLS_elsewhere(string? requireTls, int port, SecureSocketOptions expected)
    {
        var settings = new Dictionary<string, string?> { ["Rollout:Mail:Smtp:Host"] = "smtp.example", ["Rollout:Mail:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture), [MailOptions.RequireTlsKey] = requireTls };

        var options = MailOptions.Read(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

        Assert.Equal(expected, options.SocketSecurity);
    }

    [Fact]
    public void A_setting_that_is_not_true_or_false_stops_the_server()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(MailOptions.RequireTlsKey, "no")]).Build();

        Assert.Contains(MailOptions.RequireTlsKey, Assert.Throws<InvalidOperationException>(() => MailOptions.Read(configuration)).Message, StringComparison.Ordinal);
    }

    /// <summary>The warnings (and worse) the server logs.</summary>
    private sealed class WarningLog : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> warnings = new();

        public IReadOnlyCollection<string> Warnings => warnings;

        public ILogger CreateLogger(string categoryName) => new Logger(warnings);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> warnings) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    warnings.Enqueue(formatter(state, exception));
                }
            }
        }
    }
}
