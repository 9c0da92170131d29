using Baton.Contracts;
using Baton.Contracts.Auth;
using Baton.Contracts.Serialization;
using Baton.Contracts.Service;
using Baton.Core;
using Baton.Core.Tenants;
using Baton.Core.Usage;
using Baton.Core.Webhooks;
using Baton.Server.Http;
using Baton.Server.Validation;

namespace Baton.Server.Endpoints;

/// <summary>Accounts: register (anonymous), who am I, and key rotation.</summary>
internal static class AuthEndpoints
{
    private const int EmailLength = 254;

    public static void MapAnonymous(RouteGroupBuilder v1) =>
        v1.MapPost("/auth/register", RegisterAsync)
            .WithTags("Auth")
            .AcceptsJson<RegisterRequest>()
            .Produces<RegisterResponse>(StatusCodes.Status201Created)
            .ProducesErrors(400, 404, 409, 413, 422)
            .WithSummary("Create an account and its API key (shown once). 404 when registration is disabled.");

    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/auth/me", MeAsync)
            .WithTags("Auth")
            .Produces<MeResponse>()
            .ProducesErrors(401, 429)
            .WithSummary("The calling account.");

        v1.MapPost("/auth/key/regenerate", RegenerateKeyAsync)
            .WithTags("Auth")
            .Produces<RegenerateKeyResponse>()
            .ProducesErrors(400, 401, 429)
            .WithSummary("Replace the API key; needs X-Confirm-Destructive: true. The old key answers key_rotated.");

        v1.MapGet("/auth/webhook-secret", GetWebhookSecretAsync)
            .WithTags("Auth")
            .Produces<WebhookSecretResponse>()
            .ProducesErrors(401, 429)
            .WithSummary("The secret that signs webhook deliveries; made on first use.");

        v1.MapPost("/auth/webhook-secret/regenerate", RegenerateWebhookSecretAsync)
            .WithTags("Auth")
            .Produces<WebhookSecretResponse>()
            .ProducesErrors(400, 401, 429)
            .WithSummary("Replace the webhook secret; deliveries from now on are signed with the new one.");
    }

    private static async Task<IResult> RegisterAsync(HttpContext http, AccountService accounts)
    {
        var body = await JsonBody.ReadAsync(http, BatonJson.Default.RegisterRequest);
        var errors = new RequestErrors();
        errors.Required("email", body.Email);
        errors.Length("email", body.Email, EmailLength, min: 3);
        if (body.Email is { } email && !IsPlausibleEmail(email)) errors.Add("email", "must be an email address.");
        errors.ThrowIfAny();

        var (tenant, apiKey) = await accounts.RegisterAsync(body.Email!, http.RequestAborted);
        var response = new RegisterResponse { ApiKey = apiKey, Email = tenant.Email };
        return TypedResults.Json(response, BatonJson.Default.RegisterResponse, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> MeAsync(
        HttpContext http, AccountService accounts, UsageService usage, WebhookSecrets secrets)
    {
        var tenant = await accounts.GetTenantAsync(http.TenantId(), http.RequestAborted);
        var used = await usage.GetAsync(tenant.Id, http.RequestAborted);
        var response = new MeResponse
        {
            Email = tenant.Email,
            Plan = tenant.Plan,
            ActiveCues = (int)Math.Min(used.ActiveCues, int.MaxValue),
            ActiveCueLimit = UsageLimit.Report(used.ActiveCueLimit),
            ExecutionsThisMonth = used.ExecutionsUsed,
            MonthlyExecutionLimit = UsageLimit.Report(used.ExecutionLimit),
            RateLimitPerMinute = used.RequestsPerMinute,
            HasWebhookSecret = await secrets.ExistsAsync(tenant.Id, http.RequestAborted),
            ApiKeyPrefix = tenant.ApiKeyPrefix,
            Slug = TenantSlug.From(tenant.Email),
        };
        return TypedResults.Json(response, BatonJson.Default.MeResponse);
    }

    private static async Task<IResult> RegenerateKeyAsync(HttpContext http, AccountService accounts)
    {
        if (!string.Equals(http.Request.Headers[WireHeaders.ConfirmDestructive], "true", StringComparison.OrdinalIgnoreCase))
        {
            throw Errors.ConfirmationRequired();
        }

        await JsonBody.EnsureWellFormedAsync(http);
        var apiKey = await accounts.RegenerateKeyAsync(http.TenantId(), http.RequestAborted);
        var response = new RegenerateKeyResponse { ApiKey = apiKey, PreviousKeyRevoked = true };
        return TypedResults.Json(response, BatonJson.Default.RegenerateKeyResponse);
    }

    private static async Task<IResult> GetWebhookSecretAsync(HttpContext http, WebhookSecrets secrets)
    {
        var secret = await secrets.GetOrCreateAsync(http.TenantId(), http.RequestAborted);
        return TypedResults.Json(new WebhookSecretResponse { WebhookSecret = secret }, BatonJson.Default.WebhookSecretResponse);
    }

    /// <summary>The API asks no X-Confirm-Destructive here (unlike the API key's rotation), so none is required.</summary>
    private static async Task<IResult> RegenerateWebhookSecretAsync(HttpContext http, WebhookSecrets secrets)
    {
        await JsonBody.EnsureWellFormedAsync(http);
        var secret = await secrets.RegenerateAsync(http.TenantId(), http.RequestAborted);
        return TypedResults.Json(new WebhookSecretResponse { WebhookSecret = secret }, BatonJson.Default.WebhookSecretResponse);
    }

    /// <summary>One @ with text on both sides and no whitespace; deliverability is not the server's business.</summary>
    private static bool IsPlausibleEmail(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at == email.LastIndexOf('@') && at < email.Length - 1 && !email.Any(char.IsWhiteSpace);
    }
}
