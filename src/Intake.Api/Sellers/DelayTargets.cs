using MassTransit;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using OrderPipeline.Contracts;
using OrderPipeline.Data;
using OrderPipeline.Data.Sellers;
using OrderPipeline.Hosting.Http;

namespace OrderPipeline.Intake.Sellers;

/// <summary>Which open orders a delay takes (null: all of them).</summary>
public sealed record DelayTargets(DateTimeOffset? PlacedFrom, DateTimeOffset? PlacedBefore, DateOnly? ShipDateFrom, DateOnly? ShipDateTo);
