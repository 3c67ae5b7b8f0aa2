using NodaTime;
using Rollout.Repairs;

namespace Rollout.Tests.Repairs;

/// <summary>The ticket's state machine alone: every step the issue names is allowed, every other refused and nothing changes.</summary>
public sealed class TicketStateTests
{
    private static readonly (TicketStatus From, TicketStatus To)[] Allowed =
    [
        (TicketStatus.Opened, TicketStatus.Received),
        (TicketStatus.Received, TicketStatus.Diagnosed),
        (TicketStatus.Diagnosed, TicketStatus.Repaired),
        (TicketStatus.Diagnosed, TicketStatus.Replaced),
        (TicketStatus.Diagnosed, TicketStatus.Refunded),
        (TicketStatus.Diagnosed, TicketStatus.Rejected),
        (TicketStatus.Repaired, TicketStatus.Returned),
        (TicketStatus.Replaced, TicketStatus.Returned),
        (TicketStatus.Rejected, TicketStatus.Returned),
        (TicketStatus.Refunded, TicketStatus.Closed),
        (TicketStatus.Returned, TicketStatus.Closed),
    ];

    /// <summary>A path from opened to each state, through allowed steps only.</summary>
    private static readonly Dictionary<TicketStatus, TicketStatus[]> PathTo = new()
    {
        [TicketStatus.Opened] = [],
        [TicketStatus.Received] = [TicketStatus.Received],
        [TicketStatus.Diagnosed] = [TicketStatus.Received, TicketStatus.Diagnosed],
        [TicketStatus.Repaired] = [TicketStatus.Received, TicketStatus.Diagnosed, TicketStatus.Repaired],
        [TicketStatus.Replaced] = [TicketStatus.Received, TicketStatus.Diagnosed, TicketStatus.Replaced],
        [TicketStatus.Refunded] = [TicketStatus.Received, TicketStatus.Diagnosed, TicketStatus.Refunded],
        [TicketStatus.Rejected] = [TicketStatus.Received, TicketStatus.Diagnosed, TicketStatus.Rejected],
        [TicketStatus.Returned] = [TicketStatus.Received, TicketStatus.Diagnosed, TicketStatus.Repaired, TicketStatus.Returned],
        [TicketStatus.Closed] = [TicketStatus.Received, TicketStatus.Diagnosed, TicketStatus.Repaired, TicketStatus.Returned, TicketStatus.Closed],
    };

    public static TheoryData<TicketStatus, TicketStatus> EveryPair()
    {
        var pairs = new TheoryData<TicketStatus, TicketStatus>();
        foreach (var from in Enum.GetValues<TicketStatus>())
        {
            foreach (var to in Enum.GetValues<TicketStatus>())
            {
                pairs.Add(from, to);
            }
        }

        return pairs;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void A_step_is_taken_only_when_the_machine_allows_it(TicketStatus from, TicketStatus to)
    {
        var ticket = At(from);
        var steps = ticket.Steps.Count;

        var moved = ticket.Move(to, "agent@rollout.local", "note", Instant.FromUtc(2026, 11, 27, 9, 0));

        if (Allowed.Contains((from, to)))
        {
            Assert.True(moved.IsSuccess);
            Assert.Equal(to, ticket.Status);
            Assert.Equal(new TicketStep(from, to, "agent@rollout.local", Instant.FromUtc(2026, 11, 27, 9, 0), "note"), ticket.Steps[^1]);
        }
        else
        {
            Assert.False(moved.IsSuccess);
            Assert.Equal("ticket.transition", moved.Error.Code);
            Assert.Equal(from, ticket.Status);
            Assert.Equal(steps, ticket.Steps.Count);
        }
    }

    [Fact]
    public void The_machine_is_exactly_the_issues_chain()
    {
        var table = RepairTicket.Moves.SelectMany(m => m.Value.Select(to => (m.Key, to))).ToHashSet();

        Assert.Equal(Allowed.ToHashSet(), table);
    }

    private static RepairTicket At(TicketStatus status)
    {
        var ticket = Open();
        foreach (var step in PathTo[status])
        {
            Assert.True(ticket.Move(step, "setup", "", Instant.FromUtc(2026, 11, 26, 12, 0)).IsSuccess);
        }

        return ticket;
    }

    private static RepairTicket Open()
    {
        var centre = ServiceCentre.Create(Slug.Parse("es-madrid-service").Value, "Madrid", CountryCode.Parse("ES").Value, "Calle de Alcalá 120", "madrid@service.example");
        return RepairTicket.Open(new TicketOpening(Guid.NewGuid(), "356789000000016", centre, null, TicketOpener.Staff, "agent", null, null, "store", "Screen flickers", true, "rule"),
            Instant.FromUtc(2026, 11, 26, 12, 0));
    }
}
