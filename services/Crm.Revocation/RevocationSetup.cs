using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.Revocation;

/// <summary>
/// Tokens already issued to frozen or departed staff, and tokens for a branch that was never opened,
/// are refused, by every service and the gateway. The bus side is <see cref="StaffAccessFeed.ReceiveStaffRevocations"/>.
/// </summary>
public static class RevocationSetup
{
    public const string BranchNotOpened = "The branch in this token is not an opened branch.";
    public const string AccountRevoked = "The account this token was issued to has been frozen or has left.";

    public static IServiceCollection AddStaffRevocation(this IServiceCollection services, IConfiguration configuration, string readyTag = "ready")
    {
        var authority = (configuration["Crm:Authority"] ?? "http://127.0.0.1:8085").TrimEnd('/');
        var client = configuration["Crm:ServiceClient:Id"] is { Length: > 0 } id && configuration["Crm:ServiceClient:Secret"] is { Length: > 0 } secret
            ? new ServiceClient(id, secret)
            : null;

        services.AddSingleton<RevokedStaff>();
        services.AddSingleton<KnownBranches>();
        services.AddHttpClient(RevocationList.HttpClientName, http =>
        {
            http.BaseAddress = new Uri(authority + "/");
            http.Timeout = TimeSpan.FromSeconds(10);
        });
        services.AddSingleton(sp => new RevocationList(sp.GetRequiredService<RevokedStaff>(), sp.GetRequiredService<KnownBranches>(),
            sp.GetRequiredService<IHttpClientFactory>(),
            client, sp.GetService<TimeProvider>() ?? TimeProvider.System, sp.GetRequiredService<ILogger<RevocationList>>()));
        services.AddHostedService(sp => sp.GetRequiredService<RevocationList>());
        services.AddHealthChecks()
            .AddCheck<RevocationHealthCheck>("revoked-staff", tags: [readyTag])
            .AddCheck<KnownBranchesHealthCheck>("known-branches", tags: [readyTag]);

        // After whatever the host configured: a signed, valid token of revoked staff, or for a branch
        // that was never opened, still fails.
        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
        {
            options.Events ??= new JwtBearerEvents();
            var validated = options.Events.OnTokenValidated;
            options.Events.OnTokenValidated = async context =>
            {
                await validated(context);
                if (context.Result is null && Guid.TryParse(context.Principal?.FindFirst("sub")?.Value, out var staffId)
                    && context.HttpContext.RequestServices.GetRequiredService<RevokedStaff>().IsRevoked(staffId))
                {
                    context.Fail(AccountRevoked);
                }
                if (context.Result is null && context.Principal?.FindFirst("branch")?.Value is { Length: > 0 } branch
                    && context.HttpContext.RequestServices.GetRequiredService<KnownBranches>().Refuses(branch))
                {
                    context.Fail(BranchNotOpened);
                }
            };
            // The reason goes into WWW-Authenticate (error_description), so the caller sees why.
            var challenge = options.Events.OnChallenge;
            options.Events.OnChallenge = context =>
            {
                if (context.AuthenticateFailure?.Message is BranchNotOpened or AccountRevoked) context.ErrorDescription = context.AuthenticateFailure.Message;
                return challenge(context);
            };
        });
        return services;
    }
}
