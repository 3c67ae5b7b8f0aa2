namespace Rollout.Server.Http;

/// <summary>
/// Whether this server should be sent requests (<c>GET /health/ready</c>, a load balancer's readiness probe): only once
/// its database is migrated, the first admin and demo are in place and the sales opening soon are loaded, and no longer
/// once it is stopping. Stopping, it answers 503 here at once, waits <c>Rollout:Server:DrainSeconds</c> (0 by default)
/// for the balancer to notice, then lets the host finish the requests already in flight and the group commit write what
/// is queued before the process ends.
/// </summary>
public sealed class Readiness
{
    private volatile string state = "starting";

    public bool IsReady => state == "ready";

    public string State => state;

    internal void Ready() => state = "ready";

    internal void Draining() => state = "draining";

    /// <summary>The host's time to stop covers the drain, so the requests in flight still get their 30 seconds after it.</summary>
    internal static void AddDrain(IServiceCollection services, IConfiguration configuration) =>
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30) + Drain(configuration));

    private static TimeSpan Drain(IConfiguration configuration) => TimeSpan.FromSeconds(Math.Clamp(configuration.GetValue("Rollout:Server:DrainSeconds", 0), 0, 120));

    /// <summary>Answers "not ready" from the moment the host begins to stop, and gives the balancer the drain time to notice.</summary>
    internal static void DrainOnStop(WebApplication app)
    {
        var readiness = app.Services.GetRequiredService<Readiness>();
        var drain = Drain(app.Configuration);
        app.Lifetime.ApplicationStopping.Register(() =>
        {
            readiness.Draining();
            if (drain > TimeSpan.Zero)
            {
                Thread.Sleep(drain); // The host waits for this callback before it stops taking requests.
            }
        });
    }

    internal static Results<Ok<ReadyResponse>, ProblemHttpResult> Answer(Readiness readiness) =>
        readiness.IsReady
            ? TypedResults.Ok(new ReadyResponse(readiness.State))
            : TypedResults.Problem($"The server is {readiness.State}; send requests to another one.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready");

    public sealed record ReadyResponse(string Status);
}
