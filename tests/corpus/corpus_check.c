/* bring-up placeholder: replaced by the corpus walker */
int main(void)
{
  return 0;
}
