using System.Globalization;
using System.Text;
using Crm.Customers.Domain;
using Crm.Customers.Integration;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Crm.ServiceDefaults.Storage;
using Marten;

namespace Crm.Customers.Features;

/// <summary>
/// The filtered customer list as CSV, for branch heads and above. Every export is recorded as an
/// event (who, filter, rows): customer data leaving the CRM is something the group audits.
/// </summary>
public static class ExportCustomersEndpoint
{
    private const int MaxRows = 100_000;
    private const string Header = "id,branch,name,category,grade,status,ownerId,taxId,phones,emails,addresses,website,needs,painPoints,competitors,registeredAt";

    public static void MapExportCustomers(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/customers/export", Handle).WithName("ExportCustomers")
            .Reads<string>("The filtered customer list as CSV (recorded and published)", byId: false, contentType: "text/csv")
            .WithDescription(CustomerFilter.Description);

    private static async Task<IResult> Handle(CustomerFilter filter, HttpContext http, IDocumentStore store, CrmSessions sessions,
        TimeProvider time, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (!CustomerAccess.MayExport(caller)) return AccessProblems.Forbidden("Only branch heads and head office export customers.");
        if (filter.Validate(new ValidationErrors()) is { Any: true } errors) return errors.ToProblem();

        IReadOnlyList<Customer> rows;
        await using (var query = filter.OpenSession(store, caller))
            rows = await filter.Apply(query, caller).Take(MaxRows).ToListAsync(ct);

        var csv = new StringBuilder(Header).Append('\n');
        foreach (var c in rows)
        {
            string?[] fields =
            [
                c.Id.ToString(), c.Branch, c.Name, c.Category, CustomerEventMapper.Code(c.Grade), CustomerEventMapper.Code(c.Status),
                c.OwnerId?.ToString(), c.Details.TaxId, string.Join(';', c.Details.Phones), string.Join(';', c.Details.Emails),
                string.Join(';', c.Details.Addresses), c.Details.Website, c.Details.Needs, c.Details.PainPoints, c.Details.Competitors,
                c.RegisteredAt.ToString("O", CultureInfo.InvariantCulture),
            ];
            csv.AppendJoin(',', fields.Select(Csv.Field)).Append('\n');
        }

        var branch = caller.IsGroupLevel ? filter.Branch : caller.Branch;
        var exported = new CustomersExported(Guid.CreateVersion7(), branch, caller.Subject, filter.Described(), rows.Count, time.GetUtcNow());
        await using (var session = sessions.ForBranch(branch ?? BranchScope.NoBranch))
        {
            session.Events.StartStream(exported.ExportId, exported);
            await session.SaveChangesAsync(ct);
        }
        return Results.Text(csv.ToString(), "text/csv; charset=utf-8", Encoding.UTF8);
    }
}
