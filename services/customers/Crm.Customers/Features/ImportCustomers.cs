using System.Security.Cryptography;
using System.Text;
using Crm.Customers.Domain;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Crm.ServiceDefaults.Storage;
using Marten;

namespace Crm.Customers.Features;

/// <summary>
/// Registers customers from a CSV file. Every row is checked and errors are reported by row and
/// column; valid rows are registered once: a row's id is derived from its branch and content, so
/// sending the same file again registers nothing new.
/// </summary>
public static class ImportCustomersEndpoint
{
    public sealed record RowError(int Row, string Column, string Message);
    public sealed record Report(int Imported, int AlreadyImported, IReadOnlyList<Guid> Ids, IReadOnlyList<RowError> Errors);

    private static readonly string[] Columns = ["name", "category", "grade", "ownerId", "taxId", "phones", "emails", "addresses", "website", "needs", "painPoints", "competitors"];
    private const int MaxRows = 5000;

    public static void MapImportCustomers(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/customers/import", Handle).WithName("ImportCustomers").Accepts<string>("text/csv");

    private static async Task<IResult> Handle(string? branch, HttpContext http, CrmSessions sessions, IDocumentStore store, TimeProvider time, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (!CustomerAccess.MayRegister(caller)) return AccessProblems.Forbidden($"A {caller.Role} may not register customers.");
        var target = caller.IsGroupLevel ? branch : branch ?? caller.Branch;
        if (target is null || !RegisterCustomerEndpoint.BranchCode().IsMatch(target))
            return new ValidationErrors().Add("branch", "'branch' names the branch to import into.").ToProblem();
        if (!caller.IsGroupLevel && target != caller.Branch) return AccessProblems.Forbidden("Customers can only be imported into your own branch.");

        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var records = Csv.Read(await reader.ReadToEndAsync(ct)).ToList();
        var header = records.FirstOrDefault().Fields ?? [];
        var unknown = header.Where(h => !Columns.Contains(h.Trim(), StringComparer.OrdinalIgnoreCase)).ToList();
        var headerErrors = new ValidationErrors();
        if (!header.Any(h => h.Trim().Equals("name", StringComparison.OrdinalIgnoreCase)) || !header.Any(h => h.Trim().Equals("category", StringComparison.OrdinalIgnoreCase)))
            headerErrors.Add("file", "The first row names the columns; 'name' and 'category' are required.");
        if (unknown.Count > 0) headerErrors.Add("file", $"Unknown columns: {string.Join(", ", unknown)}. Known: {string.Join(", ", Columns)}.");
        if (records.Count - 1 > MaxRows) headerErrors.Add("file", $"At most {MaxRows} rows per file.");
        if (headerErrors.Any) return headerErrors.ToProblem();

        var categories = await CustomerCategorySettings.LoadAsync(store, ct);
        var now = time.GetUtcNow();
        var errors = new List<RowError>();
        var valid = new Dictionary<Guid, RegisterCustomer>();
        foreach (var (line, fields) in records.Skip(1))
        {
            var row = ImportRow.Parse(header, fields);
            var rowErrors = row.Validate(categories, caller);
            if (rowErrors.Count > 0) { errors.AddRange(rowErrors.Select(e => new RowError(line, e.Column, e.Message))); continue; }
            var id = DeterministicId(target, header, fields);
            var owner = caller.Role == Roles.SalesRep ? caller.StaffId : row.OwnerId;
            valid[id] = new RegisterCustomer(id, target, row.Name!, row.Category!, owner, now) { Grade = row.Grade, Details = row.Details };
        }

        await using var session = sessions.ForBranch(target);
        var existing = (await session.LoadManyAsync<Customer>(ct, valid.Keys)).Select(c => c.Id).ToHashSet();
        foreach (var (id, command) in valid.Where(v => !existing.Contains(v.Key)))
            session.Events.StartStream<Customer>(id, CustomerDecider.Register(command));
        await session.SaveChangesAsync(ct);

        return Results.Ok(new Report(valid.Count - existing.Count, existing.Count, [.. valid.Keys], errors));
    }

    /// <summary>A name-based (v8) UUID of the branch and the row's content: the same row always gets the same customer id.</summary>
    private static Guid DeterministicId(string branch, List<string> header, List<string> fields)
    {
        var content = string.Join('\u001f', header.Zip(fields).OrderBy(p => p.First.Trim().ToLowerInvariant(), StringComparer.Ordinal)
            .Select(p => $"{p.First.Trim().ToLowerInvariant()}={p.Second.Trim()}"));
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"crm-customer-import\u001f{branch}\u001f{content}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
