namespace Crm.Customers.Domain;

/// <summary>A customer account as its events made it (see <see cref="CustomerDecider.Evolve"/>).</summary>
public sealed record Customer(
    Guid Id,
    string Branch,
    string Name,
    string Category,
    Guid? OwnerId,
    DateTimeOffset RegisteredAt)
{
    /// <summary>The stream version, kept by Marten, served as the ETag.</summary>
    public long Version { get; init; }
}

public sealed record RegisterCustomer(Guid CustomerId, string Branch, string Name, string Category, Guid? OwnerId, DateTimeOffset Now);

/// <summary>
/// The customer decider: <see cref="Evolve"/> folds events into state, the decisions turn a
/// command (with its time and id) into the events it causes, or refuse it.
/// </summary>
public static class CustomerDecider
{
    public static Customer? Evolve(Customer? state, object @event) => @event switch
    {
        CustomerRegistered e => new Customer(e.CustomerId, e.Branch, e.Name, e.Category, e.OwnerId, e.RegisteredAt),
        _ => state,
    };

    public static CustomerRegistered Register(RegisterCustomer command) =>
        new(command.CustomerId, command.Branch, command.Name.Trim(), command.Category.Trim(), command.OwnerId, command.Now);
}
