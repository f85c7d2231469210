namespace Crm.Sales.Features.Opportunities;

public static class OpportunityRoutes
{
    public static void MapOpportunities(this IEndpointRouteBuilder app)
    {
        app.MapOpenOpportunity();
        app.MapListOpportunities();
        app.MapGetOpportunity();
        app.MapOpportunityHistory();
        app.MapUpdateOpportunity();
        app.MapChangeOpportunityStage();
        app.MapWinOpportunity();
        app.MapLoseOpportunity();
        app.MapAssignOpportunityOwner();
    }
}
