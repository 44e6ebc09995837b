using System.Text.RegularExpressions;
using OrderPipeline.Contracts;
using OrderPipeline.Intake.Catalogue;
using OrderPipeline.Hosting.Http;

namespace OrderPipeline.Intake.Orders;

/// <summary>A valid order: its seller, its lines and its contact, ready to publish.</summary>
public sealed record ValidOrder(string CustomerId, string SellerId, IReadOnlyList<OrderLine> Items, ContactInfo Contact);
