import { displayDomain } from '../utils/ui/domain-display';
import './DomainName.css';

interface DomainNameProps {
  /** Lowercase punycode, as Mastodon stores it. */
  domain: string;
}

/**
 * A domain as text. An internationalised domain shows its Unicode form and,
 * beside it, the punycode the server stores, so a look-alike or a
 * right-to-left name cannot pass for another; `<bdi>` and `dir="ltr"` keep
 * right-to-left labels from reordering the text around them.
 */
export function DomainName({ domain }: DomainNameProps) {
  const shown = displayDomain(domain);
  if (!shown.isInternational) return <span class="domain-name">{shown.ascii}</span>;
  return (
    <span class="domain-name domain-name--idn">
      <bdi dir={shown.hasRightToLeft ? 'rtl' : 'ltr'}>{shown.unicode}</bdi>{' '}
      <span class="domain-name__ascii" dir="ltr">
        ({shown.ascii})
      </span>
    </span>
  );
}
