import { Fragment, type ComponentChildren } from 'preact';
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
  if (!shown.isInternational) return <span class="domain-name">{breakableAtDots(shown.ascii)}</span>;
  return (
    <span class="domain-name domain-name--idn">
      <bdi dir={shown.hasRightToLeft ? 'rtl' : 'ltr'}>{breakableAtDots(shown.unicode)}</bdi>{' '}
      <span class="domain-name__ascii" dir="ltr">
        ({breakableAtDots(shown.ascii)})
      </span>
    </span>
  );
}

/**
 * A narrow column may wrap a long name, but only after a dot: each label stays
 * whole (DomainName.css keeps it from breaking at a hyphen or anywhere else),
 * and `<wbr>` after each dot is the one place a line may end. Built as
 * elements, never as HTML.
 */
function breakableAtDots(name: string): ComponentChildren {
  const labels = name.split('.');
  if (labels.length === 1) return <span class="domain-name__label">{name}</span>;
  return labels.map((label, index) => (
    <Fragment key={index}>
      <span class="domain-name__label">{index < labels.length - 1 ? `${label}.` : label}</span>
      {index < labels.length - 1 ? <wbr /> : null}
    </Fragment>
  ));
}
