import type { ComponentChildren } from 'preact';

/** What a form field of the log needs to show itself, its hint and its problem. */
interface FieldFrame {
  name: string;
  label: string;
  hint?: string;
  problem?: string;
  required?: boolean;
  requiredText: string;
}

/** A labelled field; hint and problem are tied to the control for screen readers. */
export function LogField({
  name,
  label,
  hint,
  problem,
  required,
  requiredText,
  control,
}: FieldFrame & { control: (aria: object) => ComponentChildren }) {
  const id = `field-${name}`;
  const described = [hint ? `${id}-hint` : '', problem ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={problem ? 'field has-error' : 'field'}>
      <label for={id}>
        {label}
        {required ? <span class="required"> ({requiredText})</span> : null}
      </label>
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {problem ? (
        <p class="error" id={`${id}-error`}>
          {problem}
        </p>
      ) : null}
      {control({ id, name, 'aria-describedby': described, 'aria-invalid': problem ? 'true' : undefined })}
    </div>
  );
}

/** A count: the phone's digit keypad (`inputmode="numeric"`), whole numbers from 0 to `max`. */
export function CountField(props: FieldFrame & { value?: string; max: number }) {
  return (
    <LogField
      {...props}
      control={(aria) => (
        <input
          {...({
            ...aria,
            type: 'number',
            inputmode: 'numeric',
            min: 0,
            max: props.max,
            step: 1,
            value: props.value ?? '',
            required: props.required,
          } as object)}
        />
      )}
    />
  );
}
