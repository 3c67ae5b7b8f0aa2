namespace Rollout.Orders;

/// <summary>
/// Sends the outbox (by SMTP, or to the pickup folder) every two seconds, or at once while rounds come back full, and
/// every thirtieth round forgets idempotency keys older than a day.
/// </summary>
internal sealed partial class OutboxDispatcher(IServiceProvider services, MailOptions mail, TimeProvider clock, ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private const int Round = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var destination = mail.Describe();
        Starting(logger, destination);
        var rounds = 0;
        var sent = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (sent < Round)
                {
                    await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken); // A full round means more are waiting: go on at once.
                }

                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<RolloutDb>();
                sent = await DeliverOutbox.Handle(db, mail, clock, stoppingToken, Round);
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
                sent = 0; // Wait before the next round, not spin on a failing database.
                // The database away for a moment, or anything else: log it and try again next round.
                Failed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "E-mail goes to {Destination}")]
    private static partial void Starting(ILogger logger, string destination);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent {Count} e-mails to {Destination}")]
    private static partial void Sent(ILogger logger, int count, string destination);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The outbox could not be sent; retrying")]
    private static partial void Failed(ILogger logger, Exception exception);
}
