// The slice of oidc-provider's API that oauth-provider.ts uses. The package ships no
// types (DefinitelyTyped has @types/oidc-provider); this keeps the dependency list to
// what runs, and fails to compile if the demo starts using something undeclared.
declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http";

  export interface ClientMetadata {
    client_id: string;
    client_secret: string;
    redirect_uris: string[];
    grant_types: string[];
    response_types: string[];
    token_endpoint_auth_method: "client_secret_post" | "client_secret_basic";
  }

  export interface Client {
    clientId: string;
    clientAuthMethod: string;
  }

  export interface Account {
    accountId: string;
    claims(): Promise<{ sub: string; [claim: string]: unknown }>;
  }

  interface Token {
    clientId: string;
    accountId: string;
    grantId: string;
    scope?: string;
    /** Expiry, seconds since the epoch. */
    exp: number;
  }

  interface TokenModel {
    find(value: string): Promise<Token | undefined>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  export interface Configuration {
    clients: ClientMetadata[];
    interactions: { url(ctx: unknown, interaction: { uid: string }): Promise<string> };
    renderError(ctx: { type: string; body: string }, out: Record<string, unknown>): Promise<void>;
    scopes: string[];
    features: Record<string, { enabled: boolean; [option: string]: unknown }>;
    issueRefreshToken(
      ctx: unknown,
      client: { grantTypeAllowed(type: string): boolean },
    ): Promise<boolean>;
    expiresWithSession(): Promise<boolean>;
    rotateRefreshToken: boolean;
    ttl: Record<string, number>;
    cookies: { keys: string[] };
    findAccount(ctx: unknown, id: string): Promise<Account>;
    pkce: { required(): boolean };
    clientBasedCORS(): boolean;
  }

  export interface InteractionDetails {
    uid: string;
    grantId?: string;
    params: { client_id: string; scope?: string; [param: string]: unknown };
    session?: { accountId: string };
    prompt: {
      name: "login" | "consent";
      details: {
        missingOIDCScope?: string[];
        missingOIDCClaims?: string[];
        missingResourceScopes?: Record<string, string[]>;
      };
    };
  }

  export interface Grant {
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    addResourceScope(indicator: string, scope: string): void;
    /** Stores the grant; resolves to its id. */
    save(): Promise<string>;
  }

  export default class Provider {
    constructor(issuer: string, configuration: Configuration);
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    on(event: "grant.saved", listener: (grant: { jti: string; clientId: string }) => void): this;
    on(event: "server_error", listener: (ctx: unknown, error: Error) => void): this;
    readonly AccessToken: TokenModel;
    readonly RefreshToken: TokenModel;
    readonly AuthorizationCode: TokenModel;
    readonly Grant: {
      new (init: { accountId?: string; clientId: string }): Grant;
      find(id: string): Promise<Grant | undefined>;
      adapter: { destroy(id: string): Promise<void> };
    };
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
    /** Redirects the browser back into the authorization flow, ending the response. */
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission: boolean },
    ): Promise<void>;
  }
}
