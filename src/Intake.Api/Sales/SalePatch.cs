using System.Text.Json;

namespace OrderPipeline.Intake.Sales;

/// <summary>
/// A change while the sale runs (<c>PATCH</c>): <c>admissionPerSecond</c> (a number, or null for no pace) and/or <c>endsAt</c>.
/// A member left out stays as it is.
/// </summary>
public sealed record SalePatch(JsonElement AdmissionPerSecond, DateTimeOffset? EndsAt);
