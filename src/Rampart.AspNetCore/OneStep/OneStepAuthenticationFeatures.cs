using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features.Authentication;

namespace Rampart.AspNetCore.OneStep;

/// <summary>
/// The user and the authentication result of a request judged in one step, with the semantics the
/// framework's authentication middleware gives its own pair: setting the user forgets the result,
/// setting the result sets the user to its principal.
/// </summary>
internal sealed class OneStepAuthenticationFeatures(AuthenticateResult result) : IAuthenticateResultFeature, IHttpAuthenticationFeature
{
    private ClaimsPrincipal? _user = result.Principal;
    private AuthenticateResult? _result = result;

    public AuthenticateResult? AuthenticateResult
    {
        get => _result;
        set
        {
            _result = value;
            _user = value?.Principal;
        }
    }

    public ClaimsPrincipal? User
    {
        get => _user;
        set
        {
            _user = value;
            _result = null;
        }
    }
}
