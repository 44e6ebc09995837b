using System.Security.Claims;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OrderPipeline.Data;
using OrderPipeline.Hosting.Security;
using OrderPipeline.Hosting.Http;

namespace OrderPipeline.Admin.ApiKeys;

public sealed record SellerKeyView(string SellerId, string KeyId, DateTimeOffset CreatedAt, string? CreatedBy, DateTimeOffset? RevokedAt, string? RevokedBy);
