using Crm.Customers.Domain;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Storage;
using Marten;

namespace Crm.Customers.Features;

/// <summary>Grades the customer vip, key or normal; VIP customers get faster service.</summary>
public static class ChangeGradeEndpoint
{
    public sealed record Request(string? Grade);

    public static void MapChangeGrade(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/customers/{id:guid}/grade", Handle).WithName("ChangeCustomerGrade")
            .ChangesCustomer("Changes the customer's grade (vip, key, normal)");

    private static async Task<IResult> Handle(Guid id, Request request, HttpContext http, CrmSessions sessions, IDocumentStore store,
        TimeProvider time, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (request.Grade is null) errors.Add("grade", "'grade' is required: vip, key or normal.");
        var grade = errors.Grade(request.Grade, null);
        if (errors.Any) return errors.ToProblem();
        return await CustomerCommand.RunAsync(http, store, sessions, id, CustomerAccess.MayManage,
            "Only the branch head or head office grades customers.",
            c => CustomerDecider.ChangeGrade(c, grade!.Value, time.GetUtcNow()), ct);
    }
}
