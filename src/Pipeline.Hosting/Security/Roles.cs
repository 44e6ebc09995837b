namespace OrderPipeline.Hosting.Security;

/// <summary>The roles an API key can carry; each is also the name of the authorization policy that requires it.</summary>
public static class Roles
{
    public const string OnCall = "oncall";
    public const string Developer = "developer";

    /// <summary>A seller's own key: that seller's endpoints only.</summary>
    public const string Seller = "seller";

    /// <summary>Acts for any seller, and issues and revokes sellers' keys.</summary>
    public const string SellerAdmin = "seller-admin";

    /// <summary>Policy: on-call or a developer (the queues).</summary>
    public const string Operators = "operators";

    /// <summary>Policy: on-call, a developer or a seller admin (an order's story).</summary>
    public const string Staff = "staff";

    /// <summary>The roles each policy above accepts.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> AnyOf = new Dictionary<string, string[]>
    {
        [Operators] = [OnCall, Developer],
        [Staff] = [OnCall, Developer, SellerAdmin],
    };

    /// <summary>The claim naming the seller a <see cref="Seller"/> key acts for.</summary>
    public const string SellerIdClaim = "seller_id";
}
