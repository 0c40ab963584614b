import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { DE39_APPROVED, de39For, isKnownDe70 } from '@bridge/contracts';
import { DIALECT_1987_ASCII, type IsoMessage, toNamedFields } from '@bridge/iso8583';
import { AdviceService } from '../advices/advice.service';
import { toAuthorizationRequest } from '../mapping/to-authorization-request';
import { toReversalRequest } from '../mapping/to-reversal-request';
import { ReversalService } from '../reversals/reversal.service';
import { toSimpleResponse } from '../mapping/to-simple-response';
import { AuthorizationService } from '../pipeline/authorization.service';
import { ISO_MALFORMED, ISO_UNHANDLED, type IsoInbound } from './iso-inbound';
import { ISO_TRANSPORT } from './iso-tcp-server';

/** Thin edge: MTI → service. Repeats (odd last digit) go to the same service: it replays, never acts twice. */
@Controller()
export class IsoController {
  constructor(
    private readonly authorizations: AuthorizationService,
    private readonly advices: AdviceService,
    private readonly reversals: ReversalService,
  ) {}

  @MessagePattern('0100', ISO_TRANSPORT)
  authorize(@Payload() inbound: IsoInbound): Promise<IsoMessage> {
    return this.authorizeAny(inbound);
  }

  /** 0101 is a repeat: the same key replays the stored answer, never a second payment. */
  @MessagePattern('0101', ISO_TRANSPORT)
  repeat(@Payload() inbound: IsoInbound): Promise<IsoMessage> {
    return this.authorizeAny(inbound);
  }

  /** 0120 stand-in advice (0121 its repeat) → 0130 00; settled now, or flagged for reconciliation. */
  @MessagePattern('0120', ISO_TRANSPORT)
  advice(@Payload() inbound: IsoInbound): Promise<IsoMessage> {
    return this.adviseAny(inbound);
  }

  @MessagePattern('0121', ISO_TRANSPORT)
  adviceRepeat(@Payload() inbound: IsoInbound): Promise<IsoMessage> {
    return this.adviseAny(inbound);
  }

  /** Reversals: 0400/0401 → 0410, 0420/0421 (advice) → 0430. */
  @MessagePattern('0400', ISO_TRANSPORT)
  reversal(@Payload() inbound: IsoInbound): Promise<IsoMessage> {
    return this.reverseAny(inbound);
  }

  @MessagePattern('0401', ISO_TRANSPORT)
  reversalRepeat(@Payload() inbound: IsoInbound): Promise<IsoMessage> {
    return this.reverseAny(inbound);
  }

  @MessagePattern('0420', ISO_TRANSPORT)
  reversalAdvice(@Payload() inbound: IsoInbound): Promise<IsoMessage> {
    return this.reverseAny(inbound);
  }

  @MessagePattern('0421', ISO_TRANSPORT)
  reversalAdviceRepeat(@Payload() inbound: IsoInbound): Promise<IsoMessage> {
    return this.reverseAny(inbound);
  }

  /** 0800 network management (DE70 001 sign-on, 002 sign-off, 301 echo) → 0810 00. */
  @MessagePattern('0800', ISO_TRANSPORT)
  networkManagement(@Payload() inbound: IsoInbound): IsoMessage {
    const message = (inbound as Extract<IsoInbound, { kind: 'message' }>).message;
    const code = toNamedFields(message, DIALECT_1987_ASCII).networkManagementCode;
    return toSimpleResponse(message, isKnownDe70(code) ? DE39_APPROVED : de39For('UNSUPPORTED_TRANSACTION'), ['networkManagementCode']);
  }

  @MessagePattern(ISO_MALFORMED, ISO_TRANSPORT)
  malformed(@Payload() inbound: IsoInbound): IsoMessage {
    const message = inbound.kind === 'malformed' ? inbound.partial : inbound.message;
    return toSimpleResponse(message, de39For('FORMAT_ERROR'), ['networkManagementCode']);
  }

  @MessagePattern(ISO_UNHANDLED, ISO_TRANSPORT)
  unhandled(@Payload() inbound: IsoInbound): IsoMessage {
    const message = inbound.kind === 'malformed' ? inbound.partial : inbound.message;
    return toSimpleResponse(message, de39For('UNSUPPORTED_TRANSACTION'));
  }

  private async adviseAny(inbound: IsoInbound): Promise<IsoMessage> {
    if (inbound.kind !== 'message') return this.malformed(inbound);
    const mapped = toAuthorizationRequest(inbound.message);
    if (!mapped.ok) return toSimpleResponse(inbound.message, de39For('FORMAT_ERROR'));
    return this.advices.advise(mapped.request);
  }

  private async reverseAny(inbound: IsoInbound): Promise<IsoMessage> {
    if (inbound.kind !== 'message') return this.malformed(inbound);
    const request = toReversalRequest(inbound.message);
    if (!request) return toSimpleResponse(inbound.message, de39For('FORMAT_ERROR'));
    return this.reversals.reverse(request);
  }

  private async authorizeAny(inbound: IsoInbound): Promise<IsoMessage> {
    if (inbound.kind !== 'message') return this.malformed(inbound);
    const mapped = toAuthorizationRequest(inbound.message);
    if (!mapped.ok) return toSimpleResponse(inbound.message, de39For('FORMAT_ERROR'));
    return this.authorizations.authorize(mapped.request);
  }
}
