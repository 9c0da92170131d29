using System.Globalization;

namespace Baton.Server.Dashboard.Components;

/// <summary>Durations in words a person reads at a glance: 850 ms, 12.3 s, 4 min, 2 h 5 min, 3 d.</summary>
public static class Duration
{
    public static string Text(double? seconds) => seconds is { } s ? Text(TimeSpan.FromSeconds(s)) : "—";

    public static string Text(TimeSpan? span)
    {
        if (span is not { } t) return "—";
        var c = CultureInfo.InvariantCulture;
        if (t.TotalSeconds < 1) return ((int)t.TotalMilliseconds).ToString(c) + " ms";
        if (t.TotalSeconds < 60) return t.TotalSeconds.ToString("0.#", c) + " s";
        if (t.TotalMinutes < 60) return ((int)t.TotalMinutes).ToString(c) + " min";
        if (t.TotalHours < 24) return $"{(int)t.TotalHours} h {t.Minutes} min";
        return ((int)t.TotalDays).ToString(c) + " d";
    }
}
