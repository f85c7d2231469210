namespace Crm.Sales.Features.Leads;

public static class LeadRoutes
{
    public static void MapLeads(this IEndpointRouteBuilder app)
    {
        app.MapCaptureLead();
        app.MapListLeads();
        app.MapGetLead();
        app.MapLeadHistory();
        app.MapAssignLead();
        app.MapConvertLead();
        app.MapDisqualifyLead();
    }
}
