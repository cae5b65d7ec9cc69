import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';

/**
 * A posting form's submit: one Idempotency-Key per transaction the user means. The same key goes with every
 * retry of the same form (a lost answer, a double click), so the server posts it once; a new key only after a
 * success, which also refreshes the cooperative's figures. `post` receives the form and the key.
 */
export function useIdempotentPost<T>(coopId: number, post: (form: FormData, key: string) => Promise<T>) {
  const queryClient = useQueryClient();
  const fresh = () => `web-${crypto.randomUUID()}`;
  const [key, setKey] = useState(fresh);
  const mutation = useMutation({
    mutationFn: (form: FormData) => post(form, key),
    onSuccess: async () => {
      setKey(fresh());
      await queryClient.invalidateQueries({ queryKey: ['cooperative', coopId] });
    },
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    mutation.mutate(new FormData(event.currentTarget));
  };
  return { mutation, onSubmit };
}
