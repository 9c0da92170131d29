using Baton.Core.Cues;

namespace Baton.Core.Dashboard;

/// <summary>A cue, its next fire times (in UTC; shown in the cue's zone) and its newest executions.</summary>
public sealed record CueDetail(Cue Cue, IReadOnlyList<DateTimeOffset> NextFires, ExecutionSlice Recent);
