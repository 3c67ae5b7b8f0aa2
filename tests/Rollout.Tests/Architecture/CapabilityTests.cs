using NetArchTest.Rules;

namespace Rollout.Tests.Architecture;

/// <summary>
/// Which capability may use which (docs/decisions/0001-shape.md). A capability is a namespace, the same in the
/// domain, the server and the CLI; Common, Storage and Mail (the outbox) are for all, and so is Identity (who may do what).
/// </summary>
public sealed class CapabilityTests
{
    private static readonly Dictionary<string, string[]> MayUse = new()
    {
        ["Markets"] = [],
        ["Channels"] = ["Markets"],
        ["Catalog"] = ["Markets", "Channels"],
        ["Pricing"] = ["Markets", "Channels", "Catalog"],
        ["Inventory"] = ["Markets", "Channels", "Catalog"],
        ["Orders"] = ["Markets", "Channels", "Catalog", "Pricing", "Inventory"],
        ["Launches"] = ["Markets", "Channels", "Catalog", "Pricing", "Inventory", "Orders"],
        ["Devices"] = ["Markets", "Channels", "Catalog", "Inventory", "Orders"],
        ["Partners"] = ["Markets", "Channels", "Catalog", "Pricing", "Inventory", "Orders", "Devices"],
        ["Repairs"] = ["Markets", "Catalog", "Devices"],
        ["Identity"] = [],
        ["Audit"] = ["Markets", "Channels", "Catalog", "Pricing", "Inventory", "Orders", "Partners"],
        ["Privacy"] = ["Markets", "Channels", "Catalog", "Pricing", "Inventory", "Orders", "Devices", "Repairs"],
    };

    private static readonly System.Reflection.Assembly[] Assemblies =
    [
        typeof(Rollout.Storage.RolloutDb).Assembly,
        typeof(Program).Assembly,
        typeof(Rollout.Cli.CliHost).Assembly,
    ];

    public static TheoryData<string, string> ForbiddenPairs()
    {
        var pairs = new TheoryData<string, string>();
        foreach (var (capability, allowed) in MayUse)
        {
            foreach (var other in MayUse.Keys.Where(o => o != capability && o != "Identity" && !allowed.Contains(o)))
            {
                pairs.Add(capability, other);
            }
        }

        return pairs;
    }

    [Theory]
    [MemberData(nameof(ForbiddenPairs))]
    public void A_capability_uses_only_the_capabilities_it_may(string capability, string forbidden)
    {
        var result = Types.InAssemblies(Assemblies)
            .That().ResideInNamespace($"Rollout.{capability}")
            .ShouldNot().HaveDependencyOn($"Rollout.{forbidden}")
            .GetResult();

        Assert.True(result.IsSuccessful, $"{capability} uses {forbidden}: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void The_check_sees_a_dependency_that_exists()
    {
        var result = Types.InAssemblies(Assemblies)
            .That().ResideInNamespace("Rollout.Catalog")
            .ShouldNot().HaveDependencyOn("Rollout.Markets")
            .GetResult();

        Assert.False(result.IsSuccessful);
    }

    [Fact]
    public void The_domain_does_not_use_ASP_NET_Core_hosting()
    {
        var result = Types.InAssembly(typeof(Rollout.Storage.RolloutDb).Assembly)
            .ShouldNot().HaveDependencyOnAny("Microsoft.AspNetCore.Http", "Microsoft.AspNetCore.Mvc", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Routing")
            .GetResult();

        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));
    }
}
