using Rollout.Mail;

namespace Rollout.Orders;

/// <summary>
/// Sends the outbox (by SMTP, or to the pickup folder) every two seconds, up to 50 messages a round, and every
/// thirtieth round forgets idempotency keys older than a day.
/// </summary>
internal sealed partial class OutboxDispatcher(IServiceProvider services, MailOptions mail, TimeProvider clock, ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private const int Round = 50;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var destination = mail.Describe();
        Starting(logger, destination);
        if (mail.PlainSmtpAllowed)
        {
            PlainSmtp(logger, MailOptions.RequireTlsKey, mail.SmtpHost!, mail.SmtpPort);
        }

        var rounds = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Every two seconds whatever is waiting (at most a round): on a launch day the crowd's checkouts come
                // first, and the mails of the rush go out over the next minutes.
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);

                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<RolloutDb>();
                var sent = await DeliverOutbox.Handle(db, mail, clock, stoppingToken, Round);
                if (sent > 0)
                {
                    Sent(logger, sent, destination);
                }

                if (++rounds % 30 == 0)
                {
                    await Idempotency.Prune(db, clock.Now(), stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The database away for a moment, or anything else: log it and try again next round.
                Failed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "E-mail goes to {Destination}")]
    private static partial void Starting(ILogger logger, string destination);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Setting} is false: e-mails to customers, and the SMTP password, may cross the network to {Host}:{Port} unencrypted")]
    private static partial void PlainSmtp(ILogger logger, string setting, string host, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent {Count} e-mails to {Destination}")]
    private static partial void Sent(ILogger logger, int count, string destination);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The outbox could not be sent; retrying")]
    private static partial void Failed(ILogger logger, Exception exception);
}
