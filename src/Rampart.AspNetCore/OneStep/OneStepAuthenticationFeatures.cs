using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features.Authentication;
using Rampart.AspNetCore.Authentication;

namespace Rampart.AspNetCore.OneStep;

/// <summary>
/// The original path, the user and the authentication result of a request judged in one step, with
/// the semantics the framework's authentication middleware gives its own pair: setting the user
/// forgets the result, setting the result sets the user to its principal. Until either is set the
/// result is the key's own (<see cref="ApiKeyAuthenticationFeature.Result"/>, made when first read).
/// </summary>
internal sealed class OneStepAuthenticationFeatures(ApiKeyAuthenticationFeature key, HttpRequest request)
    : IAuthenticationFeature, IAuthenticateResultFeature, IHttpAuthenticationFeature
{
    private ApiKeyAuthenticationFeature? _key = key;
    private ClaimsPrincipal? _user = key.Principal;
    private AuthenticateResult? _result;

    public PathString OriginalPathBase { get; set; } = request.PathBase;

    public PathString OriginalPath { get; set; } = request.Path;

    public AuthenticateResult? AuthenticateResult
    {
        get => _key is { } key ? key.Result : _result;
        set
        {
            _key = null;
            _result = value;
            _user = value?.Principal;
        }
    }

    public ClaimsPrincipal? User
    {
        get => _user;
        set
        {
            _key = null;
            _user = value;
            _result = null;
        }
    }
}
