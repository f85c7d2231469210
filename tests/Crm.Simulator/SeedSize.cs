namespace Crm.Simulator;

/// <summary>How much demo business to create; small runs in well under a minute; 24 customers per branch cover each of the 7 default categories in every grade.</summary>
public sealed record SeedSize(string Name, int CustomersPerBranch, int Orders, int Products, int LeadsPerBranch, int OpportunitiesPerBranch, int TicketsPerBranch)
{
    public static readonly SeedSize Small = new("small", 24, 200, 12, 10, 12, 12);
    public static readonly SeedSize Large = new("large", 120, 3000, 30, 40, 50, 60);

    public static SeedSize? Parse(string name) => name switch { "small" => Small, "large" => Large, _ => null };
}
