using System.Text.RegularExpressions;
using OrderPipeline.Contracts;
using OrderPipeline.Hosting.Http;
using OrderPipeline.Intake.Catalogue;

namespace OrderPipeline.Intake.Orders;

/// <summary>Checks an order request against the contract and the catalogue cache, naming every bad field.</summary>
public static partial class OrderRequestValidator
{
    public const int MaxItems = 100;
    public const int MaxQuantity = 1000;

    public static (ValidOrder? Order, Dictionary<string, string[]> Errors) Validate(OrderRequest request, Func<string, CatalogueEntry?> catalogue)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Identifiers.IsValid(request.CustomerId))
        {
            errors["customerId"] = ["Required: 1-64 characters of A-Z, a-z, 0-9, '_' or '-'."];
        }

        var lines = ValidateItems(request.Items, catalogue, errors, out var sellers);
        if (sellers.Count > 1)
        {
            errors["items"] = [$"An order holds products of one seller; these belong to {sellers.Count} sellers."];
        }

        var contact = ValidateContact(request.Contact, errors);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new ValidOrder(request.CustomerId!, sellers.Single(), lines, contact!), errors);
    }

    static List<OrderLine> ValidateItems(List<OrderItemRequest?>? items, Func<string, CatalogueEntry?> catalogue,
        Dictionary<string, string[]> errors, out HashSet<string> sellers)
    {
        sellers = new HashSet<string>(StringComparer.Ordinal);
        var lines = new List<OrderLine>();
        if (items is null || items.Count is 0 or > MaxItems)
        {
            errors["items"] = [$"Required: 1 to {MaxItems} items."];
            return lines;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var prefix = $"items[{i}]";
            if (item is null)
            {
                errors[prefix] = ["Required: an object with productId and quantity."];
                continue;
            }

            if (!Identifiers.IsValid(item.ProductId))
            {
                errors[$"{prefix}.productId"] = ["Required: 1-64 characters of A-Z, a-z, 0-9, '_' or '-'."];
            }
            else if (!seen.Add(item.ProductId!))
            {
                errors[$"{prefix}.productId"] = ["The product appears more than once; put the whole quantity on one line."];
            }
            else if (catalogue(item.ProductId!) is { } product)
            {
                sellers.Add(product.SellerId);
            }
            else
            {
                errors[$"{prefix}.productId"] = [$"Unknown product '{item.ProductId}'."];
            }

            if (item.Quantity is null or < 1 or > MaxQuantity)
            {
                errors[$"{prefix}.quantity"] = [$"Required: a whole number from 1 to {MaxQuantity}."];
            }

            if (item.ProductId is not null && item.Quantity is >= 1 and <= MaxQuantity)
            {
                lines.Add(new OrderLine { ProductId = item.ProductId, Quantity = item.Quantity.Value });
            }
        }

        return lines;
    }

    static ContactInfo? ValidateContact(ContactRequest? contact, Dictionary<string, string[]> errors)
    {
        if (contact is null || (contact.Email is null && contact.Phone is null))
        {
            errors["contact"] = ["Required: an email, a phone, or both."];
            return null;
        }

        if (contact.Email is not null && (contact.Email.Length > 254 || !EmailPattern().IsMatch(contact.Email)))
        {
            errors["contact.email"] = ["Not an e-mail address."];
        }

        var phone = contact.Phone is null ? null : PhoneSeparators().Replace(contact.Phone, "");
        if (phone is not null && !PhonePattern().IsMatch(phone))
        {
            errors["contact.phone"] = ["Not a phone number: 6-15 digits, optionally starting with '+'."];
        }

        return new ContactInfo { Email = contact.Email, Phone = phone };
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^\+?[0-9]{6,15}$", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"[\s\-().]", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneSeparators();
}
