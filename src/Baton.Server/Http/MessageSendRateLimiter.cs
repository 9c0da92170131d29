using Baton.Core;

namespace Baton.Server.Http;

/// <summary>
/// Fixed windows of <see cref="BatonOptions.MessageSendsPerMinute"/> sends per sending agent, beside the per-key
/// limit: one chatty agent cannot flood its peers' inboxes with its account's whole request budget.
/// </summary>
internal sealed class MessageSendRateLimiter(BatonOptions options, TimeProvider time)
    : MinuteRateLimiter(options.MessageSendsPerMinute, time);
