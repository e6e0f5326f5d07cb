import './Switch.css';

interface SwitchProps {
  id: string;
  label: string;
  /** One line under the label; linked to the switch as its description. */
  description?: string;
  isOn: boolean;
  isDisabled?: boolean;
  onToggle: (next: boolean) => void;
}

/** An on/off control: a button with `role="switch"`, so Space and Enter toggle it and screen readers say its state. */
export function Switch({ id, label, description, isOn, isDisabled, onToggle }: SwitchProps) {
  const descriptionId = description ? `${id}-description` : undefined;
  return (
    <div class="switch-row">
      <div class="switch-row__text">
        <label id={`${id}-label`} for={id} class="switch-row__label">
          {label}
        </label>
        {description ? (
          <p id={descriptionId} class="switch-row__description">
            {description}
          </p>
        ) : null}
      </div>
      <button
        id={id}
        type="button"
        role="switch"
        class="switch"
        aria-checked={isOn}
        aria-labelledby={`${id}-label`}
        aria-describedby={descriptionId}
        disabled={isDisabled}
        onClick={() => onToggle(!isOn)}
      >
        <span class="switch__thumb" aria-hidden="true" />
      </button>
    </div>
  );
}
