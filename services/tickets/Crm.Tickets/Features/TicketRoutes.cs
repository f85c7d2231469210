namespace Crm.Tickets.Features;

public static class TicketRoutes
{
    public static void MapTickets(this IEndpointRouteBuilder app)
    {
        app.MapOpenTicket();
        app.MapListTickets();
        app.MapGetTicket();
        app.MapTicketHistory();
        app.MapAssignTicket();
        app.MapRespondToTicket();
        app.MapCommentOnTicket();
        app.MapWaitOnCustomer();
        app.MapResumeTicket();
        app.MapResolveTicket();
        app.MapReopenTicket();
        app.MapCloseTicket();
        app.MapRateSatisfaction();
        app.MapSlaPolicySettings();
    }
}
