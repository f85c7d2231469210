using Crm.Customers.Domain;

namespace Crm.Customers.Tests.Domain;

public class SearchKeysTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 30, 0, TimeSpan.Zero);

    private static Customer ACustomer(string name, CustomerDetails? details = null, params Contact[] contacts) =>
        new(Guid.CreateVersion7(), "north", name, "regional-electrical-store", null, Now)
        {
            Details = details ?? CustomerDetails.Empty,
            Contacts = contacts,
        };

    private static Contact AContact(string name, string? phone = null, string? email = null) =>
        new(Guid.CreateVersion7(), name, null, false, phone, email, null, null);

    [Fact]
    public void A_name_gives_its_single_characters_and_neighbouring_pairs_once_each()
    {
        var grams = SearchKeys.Grams(["美的美的a"]);

        Assert.Equal(["a", "的", "的a", "的美", "美", "美的"], grams);
    }

    [Fact]
    public void Pieces_never_span_two_texts()
    {
        var grams = SearchKeys.Grams(["ab", "cd"]);

        Assert.Equal(["a", "ab", "b", "c", "cd", "d"], grams);
    }

    [Fact]
    public void Normalising_folds_width_and_case_and_drops_white_space()
    {
        Assert.Equal("hengdaelectricalco.,ltd.", SearchKeys.Normalise("  Hengda\u3000ELECTRICAL  Co., Ltd. "));
        Assert.Equal("abc12美的", SearchKeys.Normalise("ＡＢＣ１２ 美的"));
        Assert.Equal("", SearchKeys.Normalise(null));
    }

    [Fact]
    public void A_character_outside_the_basic_plane_stays_whole()
    {
        var grams = SearchKeys.Grams([SearchKeys.Normalise("𠀋a")]);

        Assert.Equal(["a", "𠀋", "𠀋a"], grams);
        Assert.Equal(["𠀋"], SearchKeys.Terms("𠀋").Single().Grams);
    }

    [Fact]
    public void A_customer_is_searched_in_its_name_tax_id_phone_digits_emails_and_contacts()
    {
        var details = CustomerDetails.Empty with { TaxId = "9144 0300-MA5", Phones = ["+86 (755) 2345-6789"], Emails = ["Sales@Midea.Example"] };
        var customer = ACustomer("深圳美的电器有限公司", details, AContact("王 小明", "138 0013 8000", "Wang@Midea.Example"), AContact("Li Wei"));

        Assert.Equal(
            ["深圳美的电器有限公司", "91440300-ma5", "8675523456789", "sales@midea.example", "王小明", "13800138000", "wang@midea.example", "liwei"],
            SearchKeys.Texts(customer));
        Assert.Equal(string.Join('\n', SearchKeys.Texts(customer)), customer.SearchText);
        Assert.Contains("美的", customer.SearchGrams);
        Assert.Contains("小明", customer.SearchGrams);
        Assert.DoesNotContain("司9", customer.SearchGrams);
    }

    [Fact]
    public void Every_piece_of_a_search_contained_in_a_customer_is_among_the_customer_pieces()
    {
        var customer = ACustomer("Hengda Electrical 恒达电气有限公司", CustomerDetails.Empty with { Phones = ["010-5555 0100"], Emails = ["buy@hengda.example"] });

        foreach (var search in new[] { "恒", "恒达", "电气有限", "HENGDA elec", "5555-0100", "@hengda.ex", "l" })
        {
            var terms = SearchKeys.Terms(search);
            Assert.Contains(terms, t => t.Grams.All(customer.SearchGrams.Contains) && customer.SearchText.Contains(t.Text, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_search_is_looked_for_as_written_normalised_and_by_its_digits_when_it_looks_like_a_phone()
    {
        var phone = SearchKeys.Terms("(755) 2345-6789");
        var plain = SearchKeys.Terms("  Hengda Elec ");
        var digits = SearchKeys.Terms("2345 6789");
        var single = SearchKeys.Terms("美");

        Assert.Equal(["(755)2345-6789", "75523456789"], phone.Select(t => t.Text));
        Assert.Equal(["hengdaelec"], plain.Select(t => t.Text));
        Assert.Equal(["he", "en", "ng", "gd", "da", "ae", "el", "le", "ec"], plain.Single().Grams);
        Assert.Equal(["23456789"], digits.Select(t => t.Text));
        Assert.Equal(["美"], single.Single().Grams);
        Assert.Empty(SearchKeys.Terms("\u3000 "));
    }

    [Fact]
    public void The_exact_check_takes_like_wildcards_literally()
    {
        Assert.Equal(@"%50\%\_off\\x%", SearchTerm.Of(@"50%_off\x").ContainsPattern());
    }
}
