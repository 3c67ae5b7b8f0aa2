namespace Rollout.Launches;

/// <summary>
/// Four times a second: keeps this server's share of each sale (see <see cref="SaleEscrow.Tick"/>). Every second: draws the openings that are due, ends won claims not checked out in time and moves the waiting rooms
/// on (see <see cref="WaitingRoom.Tick"/>); every half minute, reads the sales about to open so their openings are on
/// time even if nobody asks for them first. At shutdown, gives back this server's blocks.
/// </summary>
internal sealed partial class LaunchTicker(LaunchBook book, ILogger<LaunchTicker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var renewing = Renew(stoppingToken);
        try
        {
            await Tick(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await renewing;
    }

    /// <summary>Renews this server's blocks and reaps dead ones, on its own timer: never behind the writer's queue.</summary>
    private async Task Renew(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SaleEscrow.Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await SaleEscrow.RenewAndReap(book);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    TickFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task Tick(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SaleEscrow.Interval);
        var ticks = 0;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var tick = ticks++;
                await SaleEscrow.Tick(book);
                if (tick % 4 != 0)
                {
                    continue;
                }

                if (tick % 120 == 0)
                {
                    await book.LoadSoon(stoppingToken);
                }

                await WaitingRoom.Tick(book);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                TickFailed(logger, e);
            }
        }
    }

    /// <summary>Stops ticking, then gives back this server's blocks of every sale (see <see cref="SaleEscrow.HandBack"/>).</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await SaleEscrow.HandBack(book);
        }
        catch (Exception e)
        {
            HandBackFailed(logger, e); // Its blocks are reaped within a lease's term instead.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Giving back this server's flash-sale blocks at shutdown failed; other servers reap them once they expire")]
    private static partial void HandBackFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A launch tick failed; trying again in a second")]
    private static partial void TickFailed(ILogger logger, Exception exception);
}
