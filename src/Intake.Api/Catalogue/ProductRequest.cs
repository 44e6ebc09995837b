using System.Text.RegularExpressions;
using MassTransit;
using Npgsql;
using OrderPipeline.Contracts;
using OrderPipeline.Hosting.Http;

namespace OrderPipeline.Intake.Catalogue;

public sealed record ProductRequest(string? Name, decimal? UnitPrice, string? Currency, int? Stock, DateOnly? ShipDate = null);
