using Microsoft.Extensions.Configuration;

namespace Rollout.Identity;

/// <summary>
/// How long sessions last and how long a server may trust its last look at one. From configuration:
/// <c>Rollout:Identity:SessionHours</c> (staff, 12), <c>Rollout:Identity:CustomerSessionHours</c> (720, thirty days)
/// and <c>Rollout:Identity:SessionCheckSeconds</c> (1; see decision 13).
/// </summary>
public sealed record SessionSettings(TimeSpan Staff, TimeSpan Customer, TimeSpan CheckFor)
{
    public static SessionSettings From(IConfiguration configuration) => new(
        TimeSpan.FromHours(Math.Max(0.01, configuration.GetValue("Rollout:Identity:SessionHours", 12.0))),
        TimeSpan.FromHours(Math.Max(0.01, configuration.GetValue("Rollout:Identity:CustomerSessionHours", 720.0))),
        TimeSpan.FromSeconds(Math.Clamp(configuration.GetValue("Rollout:Identity:SessionCheckSeconds", 1.0), 0, 5)));

    public TimeSpan LifetimeAt(Door door) => door == Door.Staff ? Staff : Customer;
}
