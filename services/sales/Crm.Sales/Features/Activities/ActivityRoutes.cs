namespace Crm.Sales.Features.Activities;

public static class ActivityRoutes
{
    public static void MapActivities(this IEndpointRouteBuilder app)
    {
        app.MapScheduleActivity();
        app.MapListActivities();
        app.MapGetActivity();
        app.MapActivityHistory();
        app.MapCompleteActivity();
        app.MapCancelActivity();
        app.MapAssignActivity();
    }
}
