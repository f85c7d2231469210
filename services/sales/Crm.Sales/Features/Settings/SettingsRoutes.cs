namespace Crm.Sales.Features.Settings;

public static class SettingsRoutes
{
    public static void MapPipelineSettings(this IEndpointRouteBuilder app)
    {
        app.MapGetPipelineStages();
        app.MapChangePipelineStages();
    }
}
