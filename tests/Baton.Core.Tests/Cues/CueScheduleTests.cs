using Baton.Core.Cues;

namespace Baton.Core.Tests.Cues;

/// <summary><see cref="CueSchedule"/>: cron slots in IANA time zones, DST included, and the catch-up policies.</summary>
public sealed class CueScheduleTests
{
    private static CueDefinition Daily(string cron, string zone = "America/New_York", string catchUp = CatchUpPolicies.RunOnceIfMissed) =>
        new() { ScheduleType = ScheduleTypes.Recurring, Cron = cron, Timezone = zone, CatchUp = catchUp };

    private static DateTimeOffset Utc(int month, int day, int hour, int minute) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    private static List<DateTimeOffset> Slots(CueDefinition d, DateTimeOffset from, int count)
    {
        var slots = new List<DateTimeOffset>();
        var at = from;
        for (var i = 0; i < count; i++)
        {
            at = CueSchedule.NextRunAfter(d, at)!.Value;
            slots.Add(at);
        }

        return slots;
    }

    [Fact]
    public void A_daily_slot_inside_the_spring_forward_gap_fires_at_the_end_of_the_gap_that_day_only()
    {
        // New York skips 02:00-03:00 local on 8 March 2026: 02:30 does not exist that day.
        var slots = Slots(Daily("30 2 * * *"), Utc(3, 7, 0, 0), 3);

        Assert.Equal([Utc(3, 7, 7, 30), Utc(3, 8, 7, 0), Utc(3, 9, 6, 30)], slots);
    }

    [Fact]
    public void A_daily_slot_inside_the_fall_back_repeat_fires_once_at_its_first_occurrence()
    {
        // New York repeats 01:00-02:00 local on 1 November 2026: 01:30 happens at 05:30Z (EDT) and 06:30Z (EST).
        var slots = Slots(Daily("30 1 * * *"), Utc(10, 31, 12, 0), 2);

        Assert.Equal([Utc(11, 1, 5, 30), Utc(11, 2, 6, 30)], slots);
    }

    [Fact]
    public void An_interval_cron_keeps_firing_through_the_repeated_hour()
    {
        var slots = Slots(Daily("*/30 * * * *"), Utc(11, 1, 4, 0), 6);

        Assert.Equal(
            [Utc(11, 1, 4, 30), Utc(11, 1, 5, 0), Utc(11, 1, 5, 30), Utc(11, 1, 6, 0), Utc(11, 1, 6, 30), Utc(11, 1, 7, 0)],
            slots);
    }

    [Fact]
    public void A_cron_in_another_zone_fires_at_that_zones_wall_clock()
    {
        var slots = Slots(Daily("0 9 * * 1-5", "Europe/Berlin"), Utc(1, 2, 12, 0), 2); // Fri 2 Jan 2026, after 09:00 CET

        Assert.Equal([Utc(1, 5, 8, 0), Utc(1, 6, 8, 0)], slots);
    }

    [Theory]
    [InlineData("not a cron")]
    [InlineData("61 * * * *")]
    [InlineData("* * * *")]
    [InlineData("")]
    public void Invalid_crons_are_refused(string cron) => Assert.Null(CueSchedule.TryParseCron(cron));

    [Fact]
    public void A_six_field_cron_has_seconds_first() =>
        Assert.Equal(Utc(1, 1, 0, 0).AddSeconds(15),
            CueSchedule.NextRunAfter(Daily("15 * * * * *", "UTC"), Utc(1, 1, 0, 0)));

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("")]
    public void Unknown_time_zones_are_refused(string zone) => Assert.Null(CueSchedule.TryFindTimeZone(zone));

    [Fact]
    public void A_slot_that_is_not_yet_due_fires_nothing()
    {
        var due = CueSchedule.DueSlots(Daily("0 * * * *", "UTC"), Utc(1, 1, 13, 0), Utc(1, 1, 12, 59));

        Assert.Empty(due.Slots);
        Assert.Equal(Utc(1, 1, 13, 0), due.NextRun);
    }

    [Theory]
    [InlineData(CatchUpPolicies.RunOnceIfMissed, new[] { 15 })]
    [InlineData(CatchUpPolicies.SkipMissed, new int[0])]
    [InlineData(CatchUpPolicies.ReplayAll, new[] { 12, 13, 14, 15 })]
    public void After_downtime_each_catch_up_policy_fires_as_named(string policy, int[] firedHours)
    {
        var due = CueSchedule.DueSlots(Daily("0 * * * *", "UTC", policy), Utc(1, 1, 12, 0), Utc(1, 1, 15, 40));

        Assert.Equal(firedHours.Select(h => Utc(1, 1, h, 0)), due.Slots);
        Assert.Equal(Utc(1, 1, 16, 0), due.NextRun);
    }

    [Fact]
    public void A_single_slot_that_is_a_little_late_still_fires_under_skip_missed()
    {
        var due = CueSchedule.DueSlots(Daily("0 * * * *", "UTC", CatchUpPolicies.SkipMissed), Utc(1, 1, 12, 0), Utc(1, 1, 12, 0).AddSeconds(2));

        Assert.Equal([Utc(1, 1, 12, 0)], due.Slots);
    }

    [Fact]
    public void Replay_all_caps_one_pass_and_continues_from_the_first_slot_it_left()
    {
        var d = Daily("* * * * *", "UTC", CatchUpPolicies.ReplayAll);
        var due = CueSchedule.DueSlots(d, Utc(1, 1, 0, 0), Utc(1, 1, 10, 0));

        Assert.Equal(CueSchedule.MaxSlotsPerPass, due.Slots.Count);
        Assert.Equal(due.Slots[^1].AddMinutes(1), due.NextRun);
    }

    [Fact]
    public void A_once_cue_fires_its_instant_and_then_has_no_next_run()
    {
        var d = new CueDefinition { ScheduleType = ScheduleTypes.Once, At = Utc(1, 1, 12, 0) };
        var due = CueSchedule.DueSlots(d, Utc(1, 1, 12, 0), Utc(1, 1, 18, 0));

        Assert.Equal([Utc(1, 1, 12, 0)], due.Slots);
        Assert.Null(due.NextRun);
    }
}
