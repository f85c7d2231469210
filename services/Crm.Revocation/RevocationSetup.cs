using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.Revocation;

/// <summary>
/// Tokens already issued to frozen or departed staff are refused, by every service and the gateway.
/// The bus side is <see cref="StaffAccessFeed.ReceiveStaffRevocations"/>.
/// </summary>
public static class RevocationSetup
{
    public static IServiceCollection AddStaffRevocation(this IServiceCollection services, IConfiguration configuration, string readyTag = "ready")
    {
        var authority = (configuration["Crm:Authority"] ?? "http://127.0.0.1:8085").TrimEnd('/');
        var client = configuration["Crm:ServiceClient:Id"] is { Length: > 0 } id && configuration["Crm:ServiceClient:Secret"] is { Length: > 0 } secret
            ? new ServiceClient(id, secret)
            : null;

        services.AddSingleton<RevokedStaff>();
        services.AddHttpClient(RevocationList.HttpClientName, http =>
        {
            http.BaseAddress = new Uri(authority + "/");
            http.Timeout = TimeSpan.FromSeconds(10);
        });
        services.AddSingleton(sp => new RevocationList(sp.GetRequiredService<RevokedStaff>(), sp.GetRequiredService<IHttpClientFactory>(),
            client, sp.GetService<TimeProvider>() ?? TimeProvider.System, sp.GetRequiredService<ILogger<RevocationList>>()));
        services.AddHostedService(sp => sp.GetRequiredService<RevocationList>());
        services.AddHealthChecks().AddCheck<RevocationHealthCheck>("revoked-staff", tags: [readyTag]);

        // After whatever the host configured: a signed, valid token of revoked staff still fails.
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
                    context.Fail("The account this token was issued to has been frozen or has left.");
                }
            };
        });
        return services;
    }
}
