using Cronos;

namespace Baton.Core.Cues;

/// <summary>
/// When a cue fires, as pure functions over its schedule (Cronos does the calendar arithmetic, DST included:
/// a slot in a spring-forward gap fires at the first instant after the gap, a slot in a fall-back repeat fires
/// once, at its first occurrence).
/// </summary>
public static class CueSchedule
{
    /// <summary>A cap on the slots one scheduler pass fires for one cue, so a long outage cannot flood a pass.</summary>
    public const int MaxSlotsPerPass = 100;

    /// <summary>Parses a five-field cron, or six fields with seconds first; null when it is not a valid cron.</summary>
    public static CronExpression? TryParseCron(string? cron)
    {
        if (string.IsNullOrWhiteSpace(cron)) return null;
        var fields = cron.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var format = fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
        return CronExpression.TryParse(cron.Trim(), format, out var expression) ? expression : null;
    }

    /// <summary>An IANA (or Windows) time zone by id; null when unknown.</summary>
    public static TimeZoneInfo? TryFindTimeZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id)) return null;
        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;
    }

    /// <summary>The first slot strictly after <paramref name="after"/>, or null when the schedule has no more.</summary>
    public static DateTimeOffset? NextRunAfter(CueDefinition d, DateTimeOffset after)
    {
        switch (d.ScheduleType)
        {
            case ScheduleTypes.Once:
                return d.At is { } at && at > after ? at : null;
            case ScheduleTypes.Recurring:
                var cron = TryParseCron(d.Cron) ?? throw new InvalidOperationException("The cue's cron was validated at save.");
                var zone = TryFindTimeZone(d.Timezone) ?? throw new InvalidOperationException("The cue's time zone was validated at save.");
                return cron.GetNextOccurrence(after.ToUniversalTime(), zone)?.ToUniversalTime();
            default:
                return null;
        }
    }

    /// <summary>
    /// The next run of a cue that is (re)activated at <paramref name="now"/>: a once cue keeps its instant even
    /// if it passed while paused (it fires at once, so it is not silently lost); a recurring cue starts from now.
    /// </summary>
    public static DateTimeOffset? NextRunFrom(CueDefinition d, DateTimeOffset now) =>
        d.ScheduleType == ScheduleTypes.Once ? d.At : NextRunAfter(d, now);

    /// <summary>
    /// The slots to fire for a cue whose <paramref name="nextRun"/> is due at <paramref name="now"/>, by its
    /// catch-up policy, and the next run after them. A slot is "missed" when a later slot is also already due.
    /// </summary>
    public static DueSlots DueSlots(CueDefinition d, DateTimeOffset nextRun, DateTimeOffset now)
    {
        if (nextRun > now) return new DueSlots([], nextRun);
        if (d.ScheduleType != ScheduleTypes.Recurring) return new DueSlots([nextRun], null);

        var due = new List<DateTimeOffset> { nextRun };
        DateTimeOffset? next = NextRunAfter(d, nextRun);
        while (next is { } n && n <= now)
        {
            if (d.CatchUp == CatchUpPolicies.ReplayAll)
            {
                // Stop at the cap; the rest fire on the next pass, still in order.
                if (due.Count == MaxSlotsPerPass) return new DueSlots(due, n);
                due.Add(n);
            }
            else
            {
                due[0] = n;
            }

            next = NextRunAfter(d, n);
        }

        if (d.CatchUp == CatchUpPolicies.SkipMissed && due[0] != nextRun)
        {
            // Several slots passed unfired (downtime): all of them are missed, the latest included. A lone due
            // slot is only as late as one scheduler tick and still fires.
            return new DueSlots([], next);
        }

        return new DueSlots(due, next);
    }
}
