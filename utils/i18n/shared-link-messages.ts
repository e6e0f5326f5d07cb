/**
 * Why an address a post shared is not a list Hedge subscribes to
 * (utils/core/shared-list-link.ts), in the user's language: the background
 * answers the page with it, and the options page shows it for an address
 * it cannot read.
 */
import type { SharedListLinkError } from '../core/shared-list-link';
import { t, type MessageKey } from './translate';

const MESSAGES: Record<SharedListLinkError, MessageKey> = {
  'not-text': 'bg_sharedLinkNotAddress',
  'not-an-address': 'bg_sharedLinkNotAddress',
  'too-long': 'bg_sharedLinkTooLong',
  'not-web': 'bg_sharedLinkNotWeb',
  'not-a-list': 'bg_sharedLinkNotList',
};

/** The sentence for `error`. */
export function sharedLinkErrorMessage(error: SharedListLinkError): string {
  return t(MESSAGES[error]);
}
