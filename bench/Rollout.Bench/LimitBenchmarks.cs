using System.Security.Claims;
using System.Threading.RateLimiting;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Rollout.Server.Http;

namespace Rollout.Bench;

/// <summary>
/// What the abuse limits add to a claim (decision 13): finding the request's limit and caller and taking a permit from
/// the customer's bucket, as the rate-limiting middleware does through <see cref="LimitPolicy"/>. (A request of a route
/// with no limit does not reach the policy: the middleware passes it on at once.)
/// </summary>
[MemoryDiagnoser]
public class LimitBenchmarks : IDisposable
{
    private RateLimits limits = null!;
    private PartitionedRateLimiter<HttpContext> limiter = null!;
    private DefaultHttpContext claim = null!;

    [GlobalSetup]
    public void Setup()
    {
        var settings = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create("Rollout:Limits:ClaimsPerMinute", (string?)"2000000000")]).Build();
        limits = RateLimits.From(settings);
        var policy = new LimitPolicy(limits);
        limiter = PartitionedRateLimiter.Create<HttpContext, (string, string)>(policy.GetPartition);
        var customer = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, "c42"), new Claim(ClaimTypes.Name, "c42@example.es"), new Claim(ClaimTypes.Email, "c42@example.es"), new Claim(ClaimTypes.Role, "customer")], "bearer"));
        claim = new DefaultHttpContext { User = customer };
        claim.SetEndpoint(new Endpoint(null, new EndpointMetadataCollection(new RateLimitedAttribute(RateLimits.Claims)), "ClaimUnit"));
    }

    [Benchmark]
    public bool LimitAClaim()
    {
        using var lease = limiter.AttemptAcquire(claim);
        return lease.IsAcquired;
    }

    public void Dispose()
    {
        limiter?.Dispose();
        limits?.Dispose();
        GC.SuppressFinalize(this);
    }
}
