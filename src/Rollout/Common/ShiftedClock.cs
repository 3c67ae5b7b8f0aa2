using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Rollout.Common;

/// <summary>
/// The machine's clock moved by a fixed offset, for rehearsals ("run the demo as of the eve of the France opening") and
/// for the processes a test starts, which must read the test's clock rather than the day the suite happens to run.
/// It runs at the real pace, so timers, holds and countdowns behave as they will on the day.
/// </summary>
public sealed class ShiftedClock(TimeSpan offset) : TimeProvider
{
    /// <summary>The instant this process's clock reads when it starts (<c>2027-05-21T12:00:00Z</c>).</summary>
    public const string NowSetting = "Rollout:Clock:Now";

    /// <summary>How far this process's clock runs ahead of (or, negative, behind) the machine's (<c>365.00:00:00</c>).</summary>
    public const string OffsetSetting = "Rollout:Clock:Offset";

    public TimeSpan Offset => offset;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;

    /// <summary>
    /// The clock the settings ask for: the machine's unless <see cref="NowSetting"/> or <see cref="OffsetSetting"/> is
    /// set. A value that is not an instant or a duration stops the start with the setting's name, rather than running on
    /// the wrong day.
    /// </summary>
    public static TimeProvider From(IConfiguration configuration)
    {
        if (configuration[NowSetting] is { Length: > 0 } now)
        {
            if (!DateTimeOffset.TryParse(now, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
            {
                throw new InvalidOperationException($"{NowSetting}: '{now}' is not an instant such as 2027-05-21T12:00:00Z.");
            }

            return new ShiftedClock(instant - System.GetUtcNow());
        }

        if (configuration[OffsetSetting] is { Length: > 0 } shift)
        {
            if (!TimeSpan.TryParse(shift, CultureInfo.InvariantCulture, out var duration))
            {
                throw new InvalidOperationException($"{OffsetSetting}: '{shift}' is not a duration such as 365.00:00:00.");
            }

            return new ShiftedClock(duration);
        }

        return System;
    }
}
