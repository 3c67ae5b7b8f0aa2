namespace Rollout.Inventory;

/// <summary>Expires overdue holds every 30 seconds, so units come back even when no one asks for them.</summary>
internal sealed partial class ReservationSweeper(IServiceProvider services, TimeProvider clock, ILogger<ReservationSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(30), clock, stoppingToken);
                var expired = await ExpireReservations.Handle(services.GetRequiredService<GroupCommit>(), clock);
                if (expired.IsSuccess && expired.Value > 0)
                {
                    Expired(logger, expired.Value);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Expired {Count} stock holds")]
    private static partial void Expired(ILogger logger, int count);
}
