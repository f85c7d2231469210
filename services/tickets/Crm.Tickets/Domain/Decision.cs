namespace Crm.Tickets.Domain;

/// <summary>What a decider answers to a command: the events it causes, or why it is refused (a 409 over HTTP).</summary>
public sealed record Decision(IReadOnlyList<object> Events, string? Refusal)
{
    public static Decision Accept(params object[] events) => new(events, null);

    public static Decision Refuse(string reason) => new([], reason);

    public bool IsRefused => Refusal is not null;
}
