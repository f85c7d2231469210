using Crm.Customers.Domain;

namespace Crm.Customers.Tests.Domain;

public class CustomerDeciderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 30, 0, TimeSpan.Zero);
    private static readonly Guid Owner = Guid.CreateVersion7();

    private static Customer Given(params object[] events) => events.Aggregate((Customer?)null, CustomerDecider.Evolve)!;

    private static CustomerRegistered Registered(string branch = "north", Guid? id = null) =>
        new(id ?? Guid.CreateVersion7(), branch, "Hengda Electrical", "regional-electrical-store", Owner, Now);

    private static readonly ContactDetails LiWei = new("Li Wei", "Purchasing manager", true, "+86 10 5555 0101", "li.wei@hengda.example", "WeChat", "Price");

    [Fact]
    public void Registering_a_customer_records_its_whole_profile_tidied()
    {
        var id = Guid.CreateVersion7();
        var details = new CustomerDetails(" 91310000 ", [" +86 10 5555 0100 ", ""], ["sales@hengda.example"], ["1 Road"], null, " cables ", null, "  ");

        var registered = CustomerDecider.Register(new RegisterCustomer(id, "north", "  Hengda Electrical  ", " regional-electrical-store ", Owner, Now)
        {
            Grade = CustomerGrade.Vip,
            Details = details,
        });

        Assert.Equal((id, "north", "Hengda Electrical", "regional-electrical-store", Owner, Now, CustomerGrade.Vip),
            (registered.CustomerId, registered.Branch, registered.Name, registered.Category, registered.OwnerId, registered.RegisteredAt, registered.Grade));
        Assert.Equal("91310000", registered.Details.TaxId);
        Assert.Equal(["+86 10 5555 0100"], registered.Details.Phones);
        Assert.Equal("cables", registered.Details.Needs);
        Assert.Null(registered.Details.Competitors);
    }

    [Fact]
    public void A_registered_customer_is_rebuilt_from_its_first_event()
    {
        var registered = Registered("east");

        var state = Given(registered);

        Assert.Equal((registered.CustomerId, "east", CustomerStatus.Active, CustomerGrade.Normal), (state.Id, state.Branch, state.Status, state.Grade));
    }

    [Fact]
    public void An_event_the_customer_does_not_know_leaves_it_unchanged()
    {
        var state = Given(Registered());

        Assert.Same(state, CustomerDecider.Evolve(state, new object()));
    }

    [Fact]
    public void Editing_the_profile_records_the_new_profile_and_what_changed()
    {
        var state = Given(Registered());

        var decision = CustomerDecider.UpdateProfile(state, new UpdateProfile("Hengda Electric", null, new Optional<string>("TAX-1"), ["010 5555 0100"],
            null, null, null, new Optional<string>("more stock"), null, null, Now));

        var updated = Assert.IsType<CustomerProfileUpdated>(Assert.Single(decision.Events));
        Assert.Equal(["name", "taxId", "phones", "needs"], updated.Changed);
        Assert.Equal("Hengda Electric", CustomerDecider.Apply(state, decision.Events)!.Name);
    }

    [Fact]
    public void An_edit_that_changes_nothing_records_nothing()
    {
        var state = Given(Registered());

        Assert.Empty(CustomerDecider.UpdateProfile(state, new UpdateProfile(state.Name, state.Category, null, null, null, null, null, null, null, null, Now)).Events);
    }

    [Fact]
    public void Clearing_an_optional_field_with_null_removes_it()
    {
        var state = Given(Registered()) with { Details = CustomerDetails.Empty with { Website = "https://hengda.example" } };

        var decision = CustomerDecider.UpdateProfile(state, new UpdateProfile(null, null, null, null, null, null, new Optional<string>(null), null, null, null, Now));

        Assert.Null(CustomerDecider.Apply(state, decision.Events)!.Details.Website);
    }

    [Fact]
    public void Editing_an_archived_customer_is_refused_until_it_is_restored()
    {
        var registered = Registered();
        var state = Given(registered, new CustomerArchived(registered.CustomerId, Now));

        var decision = CustomerDecider.UpdateProfile(state, new UpdateProfile("New", null, null, null, null, null, null, null, null, null, Now));

        Assert.Equal(RefusalKind.Conflict, decision.Refused?.Kind);
    }

    [Fact]
    public void Contacts_are_added_updated_and_removed()
    {
        var registered = Registered();
        var contactId = Guid.CreateVersion7();
        var added = CustomerDecider.AddContact(Given(registered), contactId, LiWei, Now);
        var withContact = CustomerDecider.Apply(Given(registered), added.Events)!;

        var updated = CustomerDecider.UpdateContact(withContact, contactId, LiWei with { DecisionMaker = false }, Now);
        var removed = CustomerDecider.RemoveContact(withContact, contactId, Now);

        Assert.True(Assert.Single(withContact.Contacts).DecisionMaker);
        Assert.False(Assert.Single(CustomerDecider.Apply(withContact, updated.Events)!.Contacts).DecisionMaker);
        Assert.Empty(CustomerDecider.Apply(withContact, removed.Events)!.Contacts);
    }

    [Fact]
    public void Updating_or_removing_a_contact_the_customer_does_not_have_is_refused_as_missing()
    {
        var state = Given(Registered());

        Assert.Equal(RefusalKind.Missing, CustomerDecider.UpdateContact(state, Guid.CreateVersion7(), LiWei, Now).Refused?.Kind);
        Assert.Equal(RefusalKind.Missing, CustomerDecider.RemoveContact(state, Guid.CreateVersion7(), Now).Refused?.Kind);
    }

    [Fact]
    public void Assigning_an_owner_records_the_previous_one_and_the_same_owner_is_nothing_to_do()
    {
        var state = Given(Registered());
        var newOwner = Guid.CreateVersion7();

        var assigned = Assert.IsType<CustomerOwnerAssigned>(Assert.Single(CustomerDecider.AssignOwner(state, newOwner, null, Now).Events));

        Assert.Equal((newOwner, (Guid?)Owner), (assigned.OwnerId!.Value, assigned.PreviousOwnerId));
        Assert.Empty(CustomerDecider.AssignOwner(state, Owner, null, Now).Events);
    }

    [Fact]
    public void Changing_the_grade_records_old_and_new_grade()
    {
        var state = Given(Registered());

        var changed = Assert.IsType<CustomerGradeChanged>(Assert.Single(CustomerDecider.ChangeGrade(state, CustomerGrade.Vip, Now).Events));

        Assert.Equal((CustomerGrade.Vip, CustomerGrade.Normal), (changed.Grade, changed.PreviousGrade));
    }

    [Fact]
    public void Archive_then_restore_and_each_is_refused_in_the_wrong_state()
    {
        var state = Given(Registered());
        var archived = CustomerDecider.Apply(state, CustomerDecider.Archive(state, Now).Events)!;

        Assert.Equal(CustomerStatus.Archived, archived.Status);
        Assert.NotNull(CustomerDecider.Archive(archived, Now).Refused);
        Assert.NotNull(CustomerDecider.Restore(state, Now).Refused);
        Assert.Equal(CustomerStatus.Active, CustomerDecider.Apply(archived, CustomerDecider.Restore(archived, Now).Events)!.Status);
    }

    [Fact]
    public void A_transfer_closes_the_stream_in_the_old_branch_and_carries_the_state_into_the_new_one()
    {
        var registered = Registered();
        var state = Given(registered, new ContactAdded(registered.CustomerId, LiWei.As(Guid.CreateVersion7()), Now));

        var decision = CustomerDecider.Transfer(state, "east", null, Now);

        var closing = Assert.IsType<CustomerTransferredOut>(decision.Events[0]);
        var opening = Assert.IsType<CustomerTransferredIn>(decision.Events[1]);
        Assert.Equal(("north", "east"), (closing.FromBranch, closing.ToBranch));
        Assert.Equal(CustomerStatus.TransferredOut, CustomerDecider.Evolve(state, closing)!.Status);
        var moved = CustomerDecider.Evolve(null, opening)!;
        Assert.Equal(("east", (Guid?)null, 1), (moved.Branch, moved.OwnerId, moved.Contacts.Count));
    }

    [Fact]
    public void Transferring_to_the_same_branch_or_a_merged_customer_is_refused()
    {
        var registered = Registered();
        var state = Given(registered);
        var merged = Given(registered, new CustomerMergedInto(registered.CustomerId, Guid.CreateVersion7(), [], Now));

        Assert.NotNull(CustomerDecider.Transfer(state, "north", null, Now).Refused);
        Assert.NotNull(CustomerDecider.Transfer(merged, "east", null, Now).Refused);
    }

    [Fact]
    public void Merging_moves_the_duplicates_contacts_to_the_survivor_and_unmerging_gives_them_back()
    {
        var survivor = Given(Registered());
        var dupRegistered = Registered();
        var contact = LiWei.As(Guid.CreateVersion7());
        var duplicate = Given(dupRegistered, new ContactAdded(dupRegistered.CustomerId, contact, Now));

        var (toSurvivor, toDuplicate) = CustomerDecider.Merge(survivor, duplicate, Now);
        var mergedSurvivor = CustomerDecider.Apply(survivor, toSurvivor.Events)!;
        var mergedDuplicate = CustomerDecider.Apply(duplicate, toDuplicate.Events)!;

        Assert.Equal(contact, Assert.Single(mergedSurvivor.Contacts));
        Assert.Equal((CustomerStatus.Merged, (Guid?)survivor.Id), (mergedDuplicate.Status, mergedDuplicate.MergedInto));
        Assert.Empty(mergedDuplicate.Contacts);

        var (backFromSurvivor, backToDuplicate) = CustomerDecider.Unmerge(mergedSurvivor, mergedDuplicate, Now);
        Assert.Empty(CustomerDecider.Apply(mergedSurvivor, backFromSurvivor.Events)!.Contacts);
        var restored = CustomerDecider.Apply(mergedDuplicate, backToDuplicate.Events)!;
        Assert.Equal((CustomerStatus.Active, (Guid?)null, 1), (restored.Status, restored.MergedInto, restored.Contacts.Count));
    }

    [Fact]
    public void Merging_a_customer_into_itself_another_branch_or_an_archived_one_is_refused()
    {
        var registered = Registered();
        var survivor = Given(registered);
        var elsewhere = Given(Registered("east"));
        var archived = Given(Registered(), new CustomerArchived(Guid.Empty, Now));

        Assert.NotNull(CustomerDecider.Merge(survivor, survivor, Now).Survivor.Refused);
        Assert.NotNull(CustomerDecider.Merge(survivor, elsewhere, Now).Survivor.Refused);
        Assert.NotNull(CustomerDecider.Merge(survivor, archived, Now).Survivor.Refused);
    }

    [Fact]
    public void Unmerging_a_customer_that_was_not_merged_into_the_survivor_is_refused()
    {
        Assert.NotNull(CustomerDecider.Unmerge(Given(Registered()), Given(Registered()), Now).Survivor.Refused);
    }

    [Fact]
    public void Duplicate_keys_ignore_case_spacing_and_punctuation()
    {
        Assert.Equal(DuplicateKeys.Name("Hengda Electrical Co., Ltd."), DuplicateKeys.Name("hengda electrical co ltd"));
        Assert.Equal("861055550100", DuplicateKeys.Phone("+86 (10) 5555-0100"));
        Assert.Null(DuplicateKeys.Phone("123"));
        Assert.Equal("91310000X", DuplicateKeys.TaxId(" 9131-0000 x "));
    }
}
